# Every build option of the project, in one place.
option(ISKRA_WERROR "Treat warnings in Iskra's own targets as errors (on in CI)" OFF)
option(ISKRA_BUILD_TESTS "Build the GoogleTest suites" ON)
option(ISKRA_BUILD_BENCH "Build the Google Benchmark programs in bench/" ON)
option(ISKRA_FUZZ "Build libFuzzer targets (needs clang)" OFF)
set(ISKRA_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined")

if(ISKRA_SANITIZE)
    add_compile_options(-fsanitize=${ISKRA_SANITIZE} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${ISKRA_SANITIZE})
endif()
