#include "iskra/gateway/store/store_error.hpp"

#include <utility>

namespace iskra::gateway {
namespace {

const char* kind_name(StoreErrorKind kind) {
    switch (kind) {
        case StoreErrorKind::Sqlite:
            return "sqlite";
        case StoreErrorKind::SchemaTooNew:
            return "schema too new";
        case StoreErrorKind::Migration:
            return "migration";
        case StoreErrorKind::NotFound:
            return "not found";
        case StoreErrorKind::Conflict:
            return "conflict";
        case StoreErrorKind::Invalid:
            return "invalid";
        case StoreErrorKind::Stopped:
            return "stopped";
        case StoreErrorKind::Exception:
            return "exception";
    }
    return "error";
}

}  // namespace

std::string StoreError::describe() const {
    std::string text = kind_name(kind);
    text += ": ";
    text += message;
    if (kind == StoreErrorKind::Sqlite && sqlite_code != 0) {
        text += " (" + std::to_string(sqlite_code) + ")";
    }
    return text;
}

StoreError store_error(StoreErrorKind kind, std::string message) {
    return StoreError{kind, 0, std::move(message)};
}

}  // namespace iskra::gateway
