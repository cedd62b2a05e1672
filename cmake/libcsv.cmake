# libcsv (Debian's libcsv-dev) has neither a CMake nor a pkg-config file: the imported target
# libcsv::libcsv, for the scenario layer's member files. Included by the build and by
# pmsimConfig.cmake (a consumer links the static scenario library, which needs it).
if(NOT TARGET libcsv::libcsv)
  find_path(PMSIM_CSV_INCLUDE_DIR csv.h REQUIRED)
  find_library(PMSIM_CSV_LIBRARY csv REQUIRED)
  add_library(libcsv::libcsv UNKNOWN IMPORTED)
  set_target_properties(libcsv::libcsv PROPERTIES IMPORTED_LOCATION "${PMSIM_CSV_LIBRARY}"
                                                  INTERFACE_INCLUDE_DIRECTORIES "${PMSIM_CSV_INCLUDE_DIR}")
endif()
