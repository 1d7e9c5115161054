#include "iskra/sim/station/local_auth.hpp"

namespace iskra::sim {

ListUpdateResult LocalAuthList::update(bool full, std::int64_t version,
                                       const std::vector<ListEntry>& entries) {
    if (full) {
        entries_.clear();
        for (const auto& entry : entries) {
            // A full list names every token with its info; one without is a malformed list.
            if (!entry.info) return ListUpdateResult::Failed;
            entries_[entry.token] = *entry.info;
        }
        version_ = version;
        return ListUpdateResult::Accepted;
    }
    if (version <= version_) return ListUpdateResult::VersionMismatch;
    for (const auto& entry : entries) {
        if (entry.info) {
            entries_[entry.token] = *entry.info;
        } else {
            entries_.erase(entry.token);
        }
    }
    version_ = version;
    return ListUpdateResult::Accepted;
}

std::optional<TokenInfo> LocalAuthList::find(const std::string& token) const {
    const auto it = entries_.find(token);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void AuthCache::remember(const std::string& token, const TokenInfo& info) {
    if (entries_.size() >= kCapacity && !entries_.contains(token)) entries_.erase(entries_.begin());
    entries_[token] = info;
}

std::optional<TokenInfo> AuthCache::find(const std::string& token) const {
    const auto it = entries_.find(token);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

}  // namespace iskra::sim
