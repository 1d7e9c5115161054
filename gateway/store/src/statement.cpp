#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdint>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {
namespace {

// SQLITE_TRANSIENT (copy the value now) without the macro's C-style cast.
const sqlite3_destructor_type kCopyValue =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

// format_timestamp's text ("2026-05-04T08:00:00.000Z") written without snprintf: several
// timestamps are bound per stored event, and snprintf was 8% of the store thread's time.
// Years outside 0..9999 fall back to format_timestamp.
std::optional<std::array<char, 24>> iso_text(Timestamp at) {
    using namespace std::chrono;
    const auto day = floor<days>(at);
    const year_month_day date{day};
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return std::nullopt;
    const hh_mm_ss time{at - day};
    std::array<char, 24> text{};
    auto put = [&text](std::size_t at_index, long long value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            text[at_index + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    text[4] = '-';
    put(5, static_cast<unsigned>(date.month()), 2);
    text[7] = '-';
    put(8, static_cast<unsigned>(date.day()), 2);
    text[10] = 'T';
    put(11, time.hours().count(), 2);
    text[13] = ':';
    put(14, time.minutes().count(), 2);
    text[16] = ':';
    put(17, time.seconds().count(), 2);
    text[19] = '.';
    put(20, time.subseconds().count(), 3);
    text[23] = 'Z';
    return text;
}

}  // namespace

Statement::Statement(Database& database, std::vector<sqlite3_stmt*>& pool, sqlite3_stmt* statement)
    : database_(&database), pool_(&pool), statement_(statement) {}

Statement::Statement(Statement&& other) noexcept
    : database_(other.database_), pool_(other.pool_), statement_(other.statement_) {
    other.statement_ = nullptr;
}

Statement::~Statement() {
    if (statement_ == nullptr) return;
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    pool_->push_back(statement_);
}

tl::expected<bool, StoreError> Statement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return tl::unexpected(error(rc, "step"));
}

tl::expected<void, StoreError> Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return {};
    }
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) return std::nullopt;
    return real(column);
}

std::string Statement::text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    if (bytes == nullptr) return {};
    const int size = sqlite3_column_bytes(statement_, column);
    return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<Timestamp> Statement::optional_timestamp(int column) const {
    if (is_null(column)) return std::nullopt;
    auto parsed = session::parse_timestamp(text(column));
    if (!parsed) return std::nullopt;
    return *parsed;
}

int Statement::bind_at(int index, std::int64_t value) {
    return sqlite3_bind_int64(statement_, index, value);
}

int Statement::bind_at(int index, double value) {
    return sqlite3_bind_double(statement_, index, value);
}

int Statement::bind_at(int index, std::string_view value) {
    return sqlite3_bind_text64(statement_, index, value.data(), value.size(), kCopyValue,
                               SQLITE_UTF8);
}

int Statement::bind_at(int index, Timestamp value) {
    if (const auto text = iso_text(value)) {
        return bind_at(index, std::string_view(text->data(), text->size()));
    }
    return bind_at(index, std::string_view(session::format_timestamp(value)));
}

int Statement::bind_at(int index, std::nullopt_t) {
    return sqlite3_bind_null(statement_, index);
}

StoreError Statement::error(int rc, std::string_view what) const {
    std::string context(what);
    context += " ";
    context += sqlite3_sql(statement_);
    return database_->error(rc, context);
}

}  // namespace iskra::gateway
