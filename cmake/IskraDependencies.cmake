# Every third-party library comes from Debian's packages (packaging/scripts/install-deps.sh);
# nothing is downloaded or vendored by the build.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_package(simdjson REQUIRED)
find_package(tl-expected REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# Central: HTTP server (Net, NetSSL for HTTPS) and storage (Data over SQLite or PostgreSQL).
# Debian's PocoDataPostgreSQL links PostgreSQL::client without finding it; define it from
# CMake's own FindPostgreSQL (libpq-dev) first.
find_package(PostgreSQL REQUIRED)
if(NOT TARGET PostgreSQL::client)
    add_library(PostgreSQL::client INTERFACE IMPORTED)
    target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
find_package(Poco REQUIRED COMPONENTS Foundation Net NetSSL Crypto Data DataSQLite DataPostgreSQL)
if(ISKRA_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
if(ISKRA_BUILD_BENCH)
    find_package(benchmark REQUIRED)
endif()
