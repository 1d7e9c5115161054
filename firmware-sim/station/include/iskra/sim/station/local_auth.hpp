// The station's two offline memories of tokens: the local authorisation list the CSMS sends
// (SendLocalList, versioned, full or differential) and the cache of answers it has seen.
// Plain values; one station's thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iskra/session/vocabulary.hpp"
#include "iskra/sim/model/charging_point.hpp"

namespace iskra::sim {

struct TokenInfo {
    session::AuthorizationStatus status = session::AuthorizationStatus::Accepted;
    std::optional<model::Timestamp> expires_at;
    std::optional<std::string> group;

    bool usable(model::Timestamp now) const {
        return status == session::AuthorizationStatus::Accepted &&
               (!expires_at || now < *expires_at);
    }
};

struct ListEntry {
    std::string token;
    std::optional<TokenInfo> info;  // absent in a differential update: remove the token
};

enum class ListUpdateResult { Accepted, Failed, VersionMismatch };

class LocalAuthList {
public:
    // Full replaces the list; Differential applies entries and needs a newer version.
    ListUpdateResult update(bool full, std::int64_t version, const std::vector<ListEntry>& entries);
    std::optional<TokenInfo> find(const std::string& token) const;
    std::int64_t version() const { return version_; }
    std::size_t size() const { return entries_.size(); }

private:
    std::int64_t version_ = 0;
    std::map<std::string, TokenInfo> entries_;
};

class AuthCache {
public:
    void remember(const std::string& token, const TokenInfo& info);
    std::optional<TokenInfo> find(const std::string& token) const;
    void clear() { entries_.clear(); }
    std::size_t size() const { return entries_.size(); }

private:
    static constexpr std::size_t kCapacity = 1000;
    std::map<std::string, TokenInfo> entries_;
};

}  // namespace iskra::sim
