# Run at build time (not configure time), so that a rebuild after a commit stamps the new
# commit: writes OUTPUT, a C++ file defining pmsim::kGitCommit as the short SHA of HEAD in
# SOURCE_DIR, with "-dirty" when tracked files differ from it ("unknown" outside git). The
# file is replaced only when its text changes, so an unchanged commit relinks nothing.
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR NOT commit)
  set(commit "unknown")
else()
  execute_process(
    COMMAND git diff --quiet HEAD --
    WORKING_DIRECTORY ${SOURCE_DIR}
    RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty)
    set(commit "${commit}-dirty")
  endif()
endif()
file(WRITE ${OUTPUT}.new
  "// Generated at build time by cmake/git_commit.cmake.\n"
  "#include \"pmsim/version.h\"\n"
  "namespace pmsim {\n"
  "const char* const kGitCommit = \"${commit}\";\n"
  "}  // namespace pmsim\n")
file(COPY_FILE ${OUTPUT}.new ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.new)
