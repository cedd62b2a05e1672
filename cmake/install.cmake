# cmake --install BUILD --prefix P:
#   P/bin/pmsim, P/bin/pmsim-report (scripts/report) with its Python package in P/share/pmsim;
#   P/lib/libpmsim_*.a, the headers in P/include/pmsim/<folder>/ (and pmsim/version.h), and
#   the CMake package P/lib/cmake/pmsim: find_package(pmsim) gives pmsim::pmsim (everything)
#   and pmsim::<folder> (one layer).
include(CMakePackageConfigHelpers)

install(TARGETS pmsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/report DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME pmsim-report)
# scripts/report looks for the package next to itself, then in ../share/pmsim.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scripts/pmsim_report DESTINATION ${CMAKE_INSTALL_DATADIR}/pmsim
        PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)

set(pmsim_layer_targets)
foreach(layer IN LISTS PMSIM_LAYERS)
  list(APPEND pmsim_layer_targets pmsim_${layer})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/sim/lib/${layer}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pmsim/${layer}
          FILES_MATCHING PATTERN "*.h" PATTERN "*-inl.h" EXCLUDE)  # -inl.h: Highway code, private
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/sim/generated/pmsim/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pmsim/pmsim)
install(TARGETS pmsim_core ${pmsim_layer_targets} EXPORT pmsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})

set(PMSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pmsim)
install(EXPORT pmsimTargets NAMESPACE pmsim:: DESTINATION ${PMSIM_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pmsimConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/pmsimConfig.cmake INSTALL_DESTINATION ${PMSIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pmsimConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pmsimConfig.cmake ${PROJECT_BINARY_DIR}/pmsimConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/libcsv.cmake
        DESTINATION ${PMSIM_CMAKE_DIR})
