// Finds the characters of an SQL text that are code, as opposed to the inside of '...'
// literals, "..." identifiers, -- line comments and /* block */ comments. Enough SQL lexing
// for placeholder translation and statement splitting; PostgreSQL's $$ quoting is not in our
// dialect (README.md), so it is not handled.
#pragma once

#include <cstddef>
#include <string_view>

namespace iskra::central::storage::detail {

// Calls on_code(index) for every character of `sql` that is code.
template <typename OnCode>
void scan_code(std::string_view sql, OnCode&& on_code) {
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            // A doubled quote inside is an escaped quote; scanning on handles it naturally.
            const auto end = sql.find(c, i + 1);
            i = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const auto end = sql.find('\n', i);
            i = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else {
            on_code(i);
            ++i;
        }
    }
}

}  // namespace iskra::central::storage::detail
