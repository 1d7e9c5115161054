// The local authorisation list every gateway keeps a copy of, as versioned deltas
// (common/sync/README.md, "Lists down"). Every token change calls note_token_change() in its
// own transaction, so the version and the tokens can never disagree.
#pragma once

#include <cstdint>
#include <string_view>

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

namespace iskra::central::charging {

std::int64_t local_list_version(Poco::Data::Session& session);

// Bumps the version and records that this token changed (created, edited or deleted);
// returns the new version.
std::int64_t note_token_change(Poco::Data::Session& session, std::string_view id_token,
                               std::string_view token_type, std::int64_t now_ms);

// The wire body of GET /api/gateway/v1/local-list?since=V: the whole list when V is 0, older
// than the deltas kept, or ahead of central (a restored database); otherwise the tokens changed
// after V, deleted ones under "removed".
nlohmann::json local_list_delta(Poco::Data::Session& session, std::int64_t since);

}  // namespace iskra::central::charging
