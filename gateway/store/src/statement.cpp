#include <sqlite3.h>

#include <cstdint>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {
namespace {

// SQLITE_TRANSIENT (copy the value now) without the macro's C-style cast.
const sqlite3_destructor_type kCopyValue =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

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
