// Enrolment (common/sync/README.md, "Identity"): staff get a one-time code for a site; the
// gateway trades it for its id and secret. Codes are kept as SHA-256, secrets as Argon2id.
#include <Poco/Data/Statement.h>

#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/crypto/password_hash.hpp"
#include "iskra/session/timestamp.hpp"
#include "routes.hpp"
#include "secrets.hpp"

namespace iskra::central::sync::detail {
namespace {

using nlohmann::json;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

constexpr std::int64_t kCodeLifetimeMs = 24 * 3600 * 1000;

std::string iso(std::int64_t ms) {
    return session::format_timestamp(session::Timestamp(std::chrono::milliseconds(ms)));
}

http::ApiError invalid_code() {
    return http::ApiError::unauthorized("the enrolment code is unknown, expired or already used",
                                        "enrolment_code_invalid");
}

}  // namespace

void add_enrolment_routes(http::Router& router, storage::Database& database) {
    router.add("POST", "/api/v1/sites/{site_id}/enrolment-codes",
               http::Access::user(http::Permission::StationsManage),
               [&database](const http::Context& c) {
                   const std::string site_id = c.param("site_id");
                   const std::string code = new_enrolment_code();
                   const std::string code_hash = sha256_hex(normalise_code(code));
                   const std::string created_by = c.signed_in().user_id;
                   const std::int64_t created = storage::now_ms();
                   const std::int64_t expires = created + kCodeLifetimeMs;
                   database.transaction([&](Poco::Data::Session& s) {
                       std::int64_t sites = 0;
                       storage::sql(s, "SELECT COUNT(*) FROM sites WHERE id = ?"), into(sites),
                           useRef(site_id), now;
                       if (sites == 0) throw http::ApiError::not_found("no site " + site_id);
                       storage::sql(s,
                                    "INSERT INTO enrolment_codes (code_hash, site_id, created_by, "
                                    "created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)"),
                           useRef(code_hash), useRef(site_id), useRef(created_by), useRef(created),
                           useRef(expires), now;
                   });
                   // Shown once: only its hash is kept.
                   return http::json_response(
                       201, {{"code", code}, {"site_id", site_id}, {"expires_at", iso(expires)}});
               });

    router.add("POST", "/api/gateway/v1/enroll", http::Access::public_route(),
               [&database](const http::Context& c) {
                   const json body = http::json_object_body(c.request);
                   const std::string code = http::required_string(body, "code", 64);
                   const auto name = http::optional_string(body, "name");
                   const auto version = http::optional_string(body, "software_version");
                   const std::string code_hash = sha256_hex(normalise_code(code));
                   const std::string gateway_id = storage::new_uuid();
                   const std::string secret = new_gateway_secret();
                   // Hashed before the transaction: it is slow, and the transaction may rerun.
                   auto hashed = crypto::hash_password(secret, crypto::kMachineSecretCost);
                   if (!hashed) throw std::runtime_error("hashing the secret: " + hashed.error());
                   const std::string secret_hash = *hashed;
                   const std::string name_text = name.value_or("");
                   const std::string version_text = version.value_or("");
                   const std::int64_t at = storage::now_ms();
                   std::string site_id;
                   database.transaction([&](Poco::Data::Session& s) {
                       // Marks the code used only if it is still usable: one trade wins, even
                       // when two gateways race with the same code.
                       storage::sql(s,
                                    "UPDATE enrolment_codes SET used_at_ms = ?, gateway_id = ? "
                                    "WHERE code_hash = ? AND used_at_ms IS NULL AND "
                                    "expires_at_ms > ?"),
                           useRef(at), useRef(gateway_id), useRef(code_hash), useRef(at), now;
                       std::vector<std::string> sites;
                       storage::sql(s,
                                    "SELECT site_id FROM enrolment_codes WHERE code_hash = ? "
                                    "AND gateway_id = ?"),
                           into(sites), useRef(code_hash), useRef(gateway_id), now;
                       if (sites.empty()) throw invalid_code();
                       site_id = sites.front();
                       storage::sql(s,
                                    "INSERT INTO gateways (id, site_id, name, secret_hash, "
                                    "enabled, software_version, enrolled_at_ms, last_seen_at_ms) "
                                    "VALUES (?, ?, ?, ?, 1, ?, ?, ?)"),
                           useRef(gateway_id), useRef(site_id), useRef(name_text),
                           useRef(secret_hash), useRef(version_text), useRef(at), useRef(at), now;
                       // Its event streams start with its first batch (one per outbox epoch).
                   });
                   return http::json_response(
                       201, {{"gateway_id", gateway_id}, {"secret", secret}, {"site_id", site_id}});
               });
}

}  // namespace iskra::central::sync::detail
