// The tariffs module (central/README.md): versioned tariffs and their assignment to stations,
// station categories or the default, per customer kind; the public price list (AFIR); OCPI
// 2.2.1 export and import; the gateway's tariff feed for the running cost. Handlers are
// stateless; state lives in the database. Thread-safe after add_routes().
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "iskra/central/http/router.hpp"
#include "iskra/central/storage/database.hpp"
// migrations(): migration 5 ("tariffs"), generated from migrations/0005_tariffs.sql.
#include "iskra/central/tariffs/migrations.hpp"

namespace iskra::central::tariffs {

struct TariffsOptions {
    // The owner of exported OCPI tariffs: ISO 3166 country and the CPO's 3-character party id.
    std::string ocpi_country_code = "PL";
    std::string ocpi_party_id = "ISK";
    // Epoch milliseconds now; empty means storage::now_ms(). Tests set a fixed clock.
    std::function<std::int64_t()> now_ms;
};

class TariffsModule {
public:
    explicit TariffsModule(storage::Database& database, TariffsOptions options = {});

    // /api/v1/tariffs..., /api/v1/tariff-assignments... (TariffsView, TariffsManage);
    // GET /api/v1/stations/{id}/prices (public); GET /api/gateway/v1/tariffs (gateway).
    void add_routes(http::Router& router);

private:
    storage::Database& database_;
    TariffsOptions options_;
};

}  // namespace iskra::central::tariffs
