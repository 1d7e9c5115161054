// Private: writing a tariff's elements, in either form, and its fees; the top of each document
// stays with its public function in ocpi_json.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include "iskra/tariff/tariff.hpp"
#include "tariff_json_form.hpp"

namespace iskra::tariff::detail {

nlohmann::json elements_json(const Tariff& t, Form form);
nlohmann::json fee_json(const Fee& fee);

}  // namespace iskra::tariff::detail
