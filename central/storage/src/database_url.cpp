// Parses ISKRA_CENTRAL_DATABASE. PostgreSQL URLs become libpq keyword strings here rather than
// being handed to libpq as URIs, so a typo is reported by us, naming the part, before any
// connection attempt, and so the password never appears in an error message.
#include "iskra/central/storage/database_url.hpp"

#include <array>
#include <charconv>
#include <optional>

namespace iskra::central::storage {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite:";
constexpr std::array<std::string_view, 2> kPostgresSchemes = {"postgresql://", "postgres://"};
// Query keys passed through to libpq; anything else is more likely a typo than a wish.
constexpr std::array<std::string_view, 9> kPostgresKeys = {
    "sslmode", "connect_timeout", "application_name",     "options", "sslrootcert",
    "sslcert", "sslkey",          "target_session_attrs", "host"};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// Poco's PostgreSQL connector splits the keyword string on every space before libpq sees it
// (and knows no quoting), so a value can hold no whitespace at all; libpq's backslash escapes
// still work for quotes and backslashes. An empty value is simply left out.
tl::expected<void, std::string> append_keyword(std::string& conninfo, std::string_view key,
                                               std::string_view value) {
    if (value.empty()) return {};
    if (value.find_first_of(" \t\r\n") != std::string_view::npos) {
        std::string what = key == "password" ? "the password" : "'" + std::string(key) + "'";
        return tl::unexpected<std::string>(
            "database URL: " + what +
            " contains whitespace, which Poco's PostgreSQL connector cannot pass on" +
            (key == "options" ? " (write -cname=value, without the space)" : ""));
    }
    if (!conninfo.empty()) conninfo += ' ';
    conninfo += key;
    conninfo += '=';
    for (char c : value) {
        if (c == '\'' || c == '\\') conninfo += '\\';
        conninfo += c;
    }
    return {};
}

tl::expected<DatabaseUrl, std::string> parse_sqlite(std::string_view rest) {
    // sqlite:///abs/path is the URL spelling of sqlite:/abs/path.
    if (rest.starts_with("//")) {
        if (!rest.starts_with("///")) {
            return tl::unexpected<std::string>(
                "database URL: sqlite://HOST/... names a host; use sqlite:/absolute/path or "
                "sqlite:relative/path");
        }
        rest.remove_prefix(2);
    }
    if (rest.empty())
        return tl::unexpected<std::string>("database URL: sqlite: needs a file path after it");
    if (rest == ":memory:" || rest.starts_with("file:")) {
        return tl::unexpected<std::string>(
            "database URL: sqlite: needs a plain file path (an in-memory database would be "
            "private to each pooled session)");
    }
    DatabaseUrl url;
    url.backend = Backend::SQLite;
    url.sqlite_path = std::string(rest);
    return url;
}

tl::expected<void, std::string> parse_host_port(std::string_view hostport, std::string& conninfo) {
    std::string_view host = hostport;
    std::string_view port;
    if (hostport.starts_with('[')) {
        const auto close = hostport.find(']');
        if (close == std::string_view::npos) {
            return tl::unexpected<std::string>(
                "database URL: IPv6 host is missing its closing ']'");
        }
        host = hostport.substr(1, close - 1);
        std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return tl::unexpected<std::string>(
                    "database URL: expected ':port' after the IPv6 host");
            }
            port = after.substr(1);
        }
    } else if (const auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
        host = hostport.substr(0, colon);
        port = hostport.substr(colon + 1);
    }
    if (!host.empty()) {
        auto decoded = percent_decode(host);
        if (!decoded) return tl::unexpected<std::string>("database URL: bad %-escape in the host");
        if (auto ok = append_keyword(conninfo, "host", *decoded); !ok) return ok;
    }
    if (!port.empty() || hostport.ends_with(':')) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
            return tl::unexpected<std::string>("database URL: port '" + std::string(port) +
                                               "' is not a number from 1 to 65535");
        }
        if (auto ok = append_keyword(conninfo, "port", port); !ok) return ok;
    }
    return {};
}

tl::expected<void, std::string> parse_userinfo(std::string_view userinfo, std::string& conninfo) {
    std::string_view user = userinfo;
    std::optional<std::string_view> password;
    if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
        user = userinfo.substr(0, colon);
        password = userinfo.substr(colon + 1);
    }
    auto decoded_user = percent_decode(user);
    if (!decoded_user)
        return tl::unexpected<std::string>("database URL: bad %-escape in the user name");
    if (auto ok = append_keyword(conninfo, "user", *decoded_user); !ok) return ok;
    if (password) {
        auto decoded = percent_decode(*password);
        if (!decoded)
            return tl::unexpected<std::string>("database URL: bad %-escape in the password");
        if (auto ok = append_keyword(conninfo, "password", *decoded); !ok) return ok;
    }
    return {};
}

tl::expected<void, std::string> parse_query(std::string_view query, std::string& conninfo) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        const std::string_view raw = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
        bool known = false;
        for (auto candidate : kPostgresKeys)
            known = known || candidate == key;
        if (!known) {
            return tl::unexpected<std::string>(
                "database URL: unknown parameter '" + std::string(key) +
                "' (known: sslmode, connect_timeout, application_name, "
                "options, sslrootcert, sslcert, sslkey, "
                "target_session_attrs, host)");
        }
        auto value = percent_decode(raw);
        if (!value) {
            return tl::unexpected<std::string>("database URL: bad %-escape in parameter '" +
                                               std::string(key) + "'");
        }
        if (auto ok = append_keyword(conninfo, key, *value); !ok) return ok;
    }
    return {};
}

tl::expected<DatabaseUrl, std::string> parse_postgres(std::string_view rest) {
    std::string_view query;
    if (const auto mark = rest.find('?'); mark != std::string_view::npos) {
        query = rest.substr(mark + 1);
        rest = rest.substr(0, mark);
    }
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    const std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    if (path.empty()) {
        return tl::unexpected<std::string>(
            "database URL: postgresql:// URL has no database name (…/dbname)");
    }
    if (path.find('/') != std::string_view::npos) {
        return tl::unexpected<std::string>("database URL: database name must not contain '/'");
    }

    std::string conninfo;
    std::string_view hostport = authority;
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        if (auto ok = parse_userinfo(authority.substr(0, at), conninfo); !ok) {
            return tl::unexpected(ok.error());
        }
        hostport = authority.substr(at + 1);
    }
    if (auto ok = parse_host_port(hostport, conninfo); !ok) return tl::unexpected(ok.error());
    auto dbname = percent_decode(path);
    if (!dbname)
        return tl::unexpected<std::string>("database URL: bad %-escape in the database name");
    if (auto ok = append_keyword(conninfo, "dbname", *dbname); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = parse_query(query, conninfo); !ok) return tl::unexpected(ok.error());

    DatabaseUrl url;
    url.backend = Backend::PostgreSQL;
    url.postgres_connection = std::move(conninfo);
    return url;
}

}  // namespace

std::string_view backend_name(Backend backend) {
    return backend == Backend::SQLite ? "sqlite" : "postgresql";
}

tl::expected<DatabaseUrl, std::string> parse_database_url(std::string_view url) {
    if (url.empty()) {
        return tl::unexpected<std::string>(
            "database URL is empty; expected sqlite:PATH or postgresql://USER@HOST/DB");
    }
    for (auto scheme : kPostgresSchemes) {
        if (url.starts_with(scheme)) return parse_postgres(url.substr(scheme.size()));
    }
    if (url.starts_with(kSqliteScheme)) return parse_sqlite(url.substr(kSqliteScheme.size()));
    const auto colon = url.find(':');
    if (colon == std::string_view::npos) {
        return tl::unexpected<std::string>(
            "database URL has no scheme; expected sqlite:PATH or postgresql://USER@HOST/DB");
    }
    return tl::unexpected<std::string>("database URL: unsupported scheme '" +
                                       std::string(url.substr(0, colon)) +
                                       "'; expected sqlite: or postgresql://");
}

std::string redact_database_url(std::string_view url) {
    for (auto scheme : kPostgresSchemes) {
        if (!url.starts_with(scheme)) continue;
        const auto authority_end = url.find_first_of("/?", scheme.size());
        const auto at = url.rfind('@', authority_end);
        if (at == std::string_view::npos || at < scheme.size()) return std::string(url);
        const auto colon = url.find(':', scheme.size());
        if (colon == std::string_view::npos || colon > at) return std::string(url);
        return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
    }
    return std::string(url);
}

}  // namespace iskra::central::storage
