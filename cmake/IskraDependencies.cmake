# Every third-party library comes from Debian's packages (packaging/scripts/install-deps.sh);
# nothing is downloaded or vendored by the build.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_package(simdjson REQUIRED)
find_package(tl-expected REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
if(ISKRA_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
if(ISKRA_BUILD_BENCH)
    find_package(benchmark REQUIRED)
endif()
