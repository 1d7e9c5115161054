# Small helpers so each module's CMakeLists.txt says only what is particular to it.

set(ISKRA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
    -Wimplicit-fallthrough
    # GCC 12 reports std::string concatenation inlined at -O2/-O3 as overlapping memcpy
    # (its bugs 105329 and 105651); the warning says nothing about our code there.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

# Warnings (and, under ISKRA_WERROR, errors) for Iskra's own code only, never for Debian's headers.
function(iskra_apply_warnings target)
    target_compile_options(${target} PRIVATE ${ISKRA_WARNINGS})
    if(ISKRA_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# iskra_add_library(<module> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# Creates target iskra_<module>, alias iskra::<module>, with include/ public.
function(iskra_add_library module)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
    add_library(iskra_${module} STATIC ${ARG_SOURCES})
    add_library(iskra::${module} ALIAS iskra_${module})
    target_include_directories(iskra_${module} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(iskra_${module} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
    iskra_apply_warnings(iskra_${module})
endfunction()

# iskra_add_test(<name> SOURCES ... [DEPS ...] [LABELS ...])
# One GoogleTest executable, its cases registered with ctest one by one.
function(iskra_add_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
    target_compile_definitions(${name} PRIVATE
        ISKRA_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
        ISKRA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    iskra_apply_warnings(${name})
    include(GoogleTest)
    if(ARG_LABELS)
        gtest_discover_tests(${name} TEST_PREFIX "${name}." PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
    else()
        gtest_discover_tests(${name} TEST_PREFIX "${name}." PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
    endif()
endfunction()
