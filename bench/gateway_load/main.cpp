// iskra-load: the gateway load benchmark's generator. Opens N OCPP stations to a CSMS on
// 127.0.0.1, offers a paced realistic mix of calls, and prints what the server did with it
// (see load_run.hpp). Stops by itself; bench/run-gateway-load.sh drives it.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "load_options.hpp"
#include "load_report.hpp"
#include "load_run.hpp"

int main(int argc, char** argv) {
    using namespace iskra::bench;
    auto options = parse_load_options(argc, argv);
    if (!options) {
        (options.error().help ? std::cout : std::cerr) << options.error().message << "\n";
        return options.error().help ? 0 : 2;
    }

    // Every station is a descriptor: ask for as many as the hard limit allows.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    if (files.rlim_cur < options->stations + 64) {
        std::cerr << "iskra-load: " << options->stations << " stations need about "
                  << options->stations + 64 << " descriptors; the limit is " << files.rlim_cur
                  << " (raise ulimit -n)\n";
        return 2;
    }

    // The run keeps its own time bound; this one catches a hang in the event loop or teardown.
    const auto bound = options->connect_timeout + 2 * options->settle + options->call_timeout +
                       options->warmup + options->duration + options->drain +
                       2 * std::chrono::seconds(static_cast<long>(
                               static_cast<double>(options->stations) / options->rate)) +
                       std::chrono::seconds(120);
    alarm(static_cast<unsigned int>(bound.count()));

    LoadReport report;
    {
        LoadRun run(*options);
        auto result = run.run();
        if (!result) {
            std::cerr << "iskra-load: " << result.error() << "\n";
            return 1;
        }
        report = std::move(*result);
        print_report(std::cout, report, *options);
        print_result_line(std::cout, report, *options);
        std::cout.flush();
    }  // closes every connection
    return report.connected == 0 ? 1 : 0;
}
