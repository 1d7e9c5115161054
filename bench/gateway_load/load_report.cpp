#include "load_report.hpp"

#include <cstdio>
#include <ostream>
#include <string>

namespace iskra::bench {
namespace {

std::uint64_t answered(const KindStats& stats) {
    return stats.outcomes[static_cast<std::size_t>(Outcome::Ok)] +
           stats.outcomes[static_cast<std::size_t>(Outcome::Refused)];
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string ms(double us) {
    return fixed(us / 1000.0, 2);
}

std::string kib_per(std::optional<long> after, std::optional<long> before, std::size_t count) {
    if (!after || !before || count == 0) return "n/a";
    return fixed(static_cast<double>(*after - *before) / static_cast<double>(count), 2);
}

std::string optional_kib(std::optional<long> kib) {
    return kib ? std::to_string(*kib) : std::string("n/a");
}

struct Derived {
    std::uint64_t answered = 0;
    double calls_per_s = 0;
    std::string cpu_us_per_call = "n/a";
    std::string cpu_percent = "n/a";
    double own_cpu_percent = 0;
};

Derived derive(const LoadReport& r) {
    Derived d;
    const KindStats all = r.all();
    d.answered = answered(all);
    const double seconds = r.window.count();
    if (seconds > 0) d.calls_per_s = static_cast<double>(d.answered) / seconds;
    if (r.server_cpu_window && d.answered > 0) {
        const auto us = static_cast<double>(r.server_cpu_window->count());
        d.cpu_us_per_call = fixed(us / static_cast<double>(d.answered), 1);
        if (seconds > 0) d.cpu_percent = fixed(us / 1e4 / seconds, 1);
    }
    if (seconds > 0) {
        d.own_cpu_percent = static_cast<double>(r.own_cpu_window.count()) / 1e4 / seconds;
    }
    return d;
}

}  // namespace

std::uint64_t KindStats::total() const {
    std::uint64_t sum = 0;
    for (const auto n : outcomes)
        sum += n;
    return sum;
}

std::uint64_t KindStats::failed() const {
    return total() - outcomes[static_cast<std::size_t>(Outcome::Ok)];
}

KindStats LoadReport::all() const {
    KindStats sum;
    for (const auto& kind : kinds) {
        for (std::size_t i = 0; i < kOutcomes; ++i)
            sum.outcomes[i] += kind.outcomes[i];
        sum.latency.merge(kind.latency);
    }
    return sum;
}

void print_report(std::ostream& out, const LoadReport& r, const LoadOptions& o) {
    const Derived d = derive(r);
    const KindStats all = r.all();
    out << "stations: " << r.connected << " of " << r.stations << " connected (" << r.connect_failed
        << " failed) in " << fixed(r.connect_time.count(), 2) << " s; upgrade p50 "
        << ms(r.connect_latency.quantile_us(0.5)) << " ms, p99 "
        << ms(r.connect_latency.quantile_us(0.99)) << " ms";
    if (r.server_cpu_connect && r.connected > 0) {
        out << "; server CPU "
            << fixed(static_cast<double>(r.server_cpu_connect->count()) /
                         static_cast<double>(r.connected),
                     1)
            << " us per connection";
    }
    out << "\nboot: " << answered(r.boot) << " answered, " << r.boot.failed()
        << " not accepted or failed; p50 " << ms(r.boot.latency.quantile_us(0.5)) << " ms, p99 "
        << ms(r.boot.latency.quantile_us(0.99)) << " ms\n";
    out << "server RSS KiB: before " << optional_kib(r.rss_before_kib) << ", connected "
        << optional_kib(r.rss_connected_kib) << " ("
        << kib_per(r.rss_connected_kib, r.rss_before_kib, r.connected)
        << " per connection), booted " << optional_kib(r.rss_booted_kib) << " ("
        << kib_per(r.rss_booted_kib, r.rss_before_kib, r.connected) << " per station), loaded "
        << optional_kib(r.rss_loaded_kib) << "\n";
    out << "window: " << fixed(r.window.count(), 2) << " s at " << fixed(r.offered_rate, 0)
        << " calls/s offered: " << r.sent << " sent, " << d.answered << " answered ("
        << fixed(d.calls_per_s, 1) << "/s), " << all.failed() << " not ok, " << r.not_offered
        << " not offered (every station busy)\n";
    out << "latency ms: p50 " << ms(all.latency.quantile_us(0.5)) << ", p99 "
        << ms(all.latency.quantile_us(0.99)) << ", p99.9 " << ms(all.latency.quantile_us(0.999))
        << ", max " << ms(all.latency.max_us()) << ", mean " << ms(all.latency.mean_us()) << "\n";
    out << "server CPU: " << d.cpu_us_per_call << " us per call (" << d.cpu_percent
        << " % of one core); load generator " << fixed(d.own_cpu_percent, 1) << " %\n";
    out << "  kind          calls      ok  refused  error  invalid  timeout  closed   p50 ms   p99 "
           "ms\n";
    for (std::size_t k = 0; k < kCallKinds; ++k) {
        const KindStats& s = r.kinds[k];
        char line[200];
        std::snprintf(
            line, sizeof line, "  %-12s %7llu %7llu %8llu %6llu %8llu %8llu %7llu %8s %8s\n",
            std::string(to_string(static_cast<CallKind>(k))).c_str(),
            static_cast<unsigned long long>(s.total()),
            static_cast<unsigned long long>(s.outcomes[0]),
            static_cast<unsigned long long>(s.outcomes[1]),
            static_cast<unsigned long long>(s.outcomes[2]),
            static_cast<unsigned long long>(s.outcomes[3]),
            static_cast<unsigned long long>(s.outcomes[4]),
            static_cast<unsigned long long>(s.outcomes[5]), ms(s.latency.quantile_us(0.5)).c_str(),
            ms(s.latency.quantile_us(0.99)).c_str());
        out << line;
    }
    if (r.unexpected_closes > 0)
        out << "WARNING: the server closed " << r.unexpected_closes
            << " connections during the run\n";
    if (r.hit_deadline) out << "WARNING: stopped at the run's time bound\n";
    if (r.hit_max_calls) out << "WARNING: stopped sending at --max-calls " << o.max_calls << "\n";
}

void print_result_line(std::ostream& out, const LoadReport& r, const LoadOptions& o) {
    const Derived d = derive(r);
    const KindStats all = r.all();
    std::uint64_t committed = 0;
    for (std::size_t k = 0; k < kCallKinds; ++k) {
        if (is_committed(static_cast<CallKind>(k))) committed += answered(r.kinds[k]);
    }
    out << "result label=" << (o.label.empty() ? "-" : o.label) << " stations=" << r.stations
        << " connected=" << r.connected << " connect_failed=" << r.connect_failed
        << " connect_s=" << fixed(r.connect_time.count(), 2)
        << " connect_p99_ms=" << ms(r.connect_latency.quantile_us(0.99))
        << " offered=" << fixed(r.offered_rate, 0) << " window_s=" << fixed(r.window.count(), 2)
        << " sent=" << r.sent << " answered=" << d.answered << " committed_kinds=" << committed
        << " not_ok=" << all.failed() << " not_offered=" << r.not_offered
        << " calls_per_s=" << fixed(d.calls_per_s, 1)
        << " p50_ms=" << ms(all.latency.quantile_us(0.5))
        << " p99_ms=" << ms(all.latency.quantile_us(0.99))
        << " p999_ms=" << ms(all.latency.quantile_us(0.999))
        << " max_ms=" << ms(all.latency.max_us()) << " cpu_us_per_call=" << d.cpu_us_per_call
        << " cpu_pct=" << d.cpu_percent << " rss_before_kib=" << optional_kib(r.rss_before_kib)
        << " rss_connected_kib=" << optional_kib(r.rss_connected_kib)
        << " rss_booted_kib=" << optional_kib(r.rss_booted_kib)
        << " rss_loaded_kib=" << optional_kib(r.rss_loaded_kib)
        << " kib_per_conn=" << kib_per(r.rss_connected_kib, r.rss_before_kib, r.connected)
        << " kib_per_booted=" << kib_per(r.rss_booted_kib, r.rss_before_kib, r.connected)
        << " boot_failed=" << r.boot.failed() << " closes=" << r.unexpected_closes
        << " load_cpu_pct=" << fixed(d.own_cpu_percent, 1)
        << " deadline=" << (r.hit_deadline ? 1 : 0);
    for (std::size_t k = 0; k < kCallKinds; ++k) {
        out << " run_" << to_string(static_cast<CallKind>(k)) << "=" << r.answered_in_run[k];
    }
    out << "\n";
}

}  // namespace iskra::bench
