// Iskra's own OCPP 1.6 DataTransfer messages, which the gateway sends and the simulator
// understands; named once so the two never drift apart.
#pragma once

#include <string_view>

namespace iskra::ocpp {

inline constexpr std::string_view kIskraVendorId = "org.iskra";

// The running cost of a transaction, for the station's display (1.6 has no CostUpdated). data:
// {"transactionId": 17, "totalCost": "12.34", "currency": "PLN"}, totalCost gross as exact
// decimal text in the currency's main unit.
inline constexpr std::string_view kRunningCostMessageId = "RunningCost";

}  // namespace iskra::ocpp
