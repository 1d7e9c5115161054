// Human text for each line and the total, in Polish and English, from the numbers alone, so what a
// driver reads is what was billed.
#include "explain.hpp"

#include <cstdlib>
#include <string>

namespace iskra::tariff::detail {
namespace {

std::string two_digits(std::int64_t v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

// A fixed-point number with `scale_digits` decimals, trailing zeros trimmed down to `keep`.
std::string fixed(std::int64_t value, int scale_digits, int keep, char mark) {
    std::int64_t scale = 1;
    for (int i = 0; i < scale_digits; ++i)
        scale *= 10;
    const bool neg = value < 0;
    const std::int64_t a = std::llabs(value);
    std::string frac = std::to_string(a % scale);
    frac.insert(0, static_cast<std::size_t>(scale_digits) - frac.size(), '0');
    while (static_cast<int>(frac.size()) > keep && frac.back() == '0')
        frac.pop_back();
    std::string out = (neg ? "-" : "") + std::to_string(a / scale);
    if (!frac.empty()) out += mark + frac;
    return out;
}

std::string duration(std::int64_t ms) {
    const std::int64_t s = ms / 1000;
    return std::to_string(s / 3600) + ":" + two_digits(s / 60 % 60) + ":" + two_digits(s % 60) +
           (ms % 1000 != 0 ? "." + std::to_string(1000 + ms % 1000).substr(1) : "");
}

struct Words {
    const char* flat;
    const char* energy;
    const char* time;
    const char* parking;
    const char* reservation;
    const char* subscription;
    const char* card;
    const char* session;
    const char* days;
    const char* piece;
    const char* net;
    const char* vat;
    const char* gross;
    const char* exempt;
    const char* total;
    char mark;
};

constexpr Words kPl{"Opłata startowa",
                    "Energia",
                    "Czas ładowania",
                    "Postój",
                    "Rezerwacja",
                    "Abonament",
                    "Wydanie karty RFID",
                    "sesja",
                    "dni z",
                    "szt.",
                    "netto",
                    "VAT",
                    "brutto",
                    "zw.",
                    "Razem",
                    ','};
constexpr Words kEn{
    "Start fee",       "Energy",  "Charging time", "Parking", "Reservation", "Subscription",
    "RFID card issue", "session", "days of",       "pc.",     "net",         "VAT",
    "gross",           "exempt",  "Total",         '.'};

std::string describe(const Line& l, const Words& w) {
    const char* what = w.flat;
    switch (l.what) {
        case LineKind::kFlat:
            what = w.flat;
            break;
        case LineKind::kEnergy:
            what = w.energy;
            break;
        case LineKind::kTime:
            what = w.time;
            break;
        case LineKind::kParking:
            what = w.parking;
            break;
        case LineKind::kReservation:
            what = w.reservation;
            break;
        case LineKind::kSubscription:
            what = w.subscription;
            break;
        case LineKind::kCard:
            what = w.card;
            break;
    }
    std::string qty;
    std::string per;
    switch (l.unit) {
        case QuantityUnit::kWh:
            qty = fixed(l.quantity, 3, 3, w.mark) + " kWh";
            per = "/kWh";
            break;
        case QuantityUnit::kMillisecond:
            qty = duration(l.quantity);
            per = "/h";
            break;
        case QuantityUnit::kSession:
            qty = std::to_string(l.quantity) + " " + w.session;
            break;
        case QuantityUnit::kDay:
            qty = std::to_string(l.quantity) + " " + w.days + " " + std::to_string(l.divisor);
            break;
        case QuantityUnit::kPiece:
            qty = std::to_string(l.quantity) + " " + w.piece;
            break;
    }
    const std::string price = fixed(l.unit_price.value, 6, 2, w.mark) + " zł" + per;
    const std::string rate =
        l.vat_rate == VatRate::kExempt ? std::string(w.exempt) : std::string(vat_label(l.vat_rate));
    return std::string(what) + ": " + qty + " × " + price + " = " +
           format_grosz(l.amounts.net, w.mark) + " zł " + w.net + " + " + w.vat + " " + rate + " " +
           format_grosz(l.amounts.vat, w.mark) + " zł = " + format_grosz(l.amounts.gross, w.mark) +
           " zł " + w.gross;
}

std::string total_text(const Price& p, const Words& w) {
    return std::string(w.total) + ": " + format_grosz(p.total.net, w.mark) + " zł " + w.net +
           " + " + w.vat + " " + format_grosz(p.total.vat, w.mark) +
           " zł = " + format_grosz(p.total.gross, w.mark) + " zł " + w.gross;
}

}  // namespace

std::string format_grosz(Grosz amount, char decimal_mark) {
    const std::string s = fixed(amount, 2, 2, decimal_mark);
    return s;
}

void explain(Price& price) {
    price.explain_pl.clear();
    price.explain_en.clear();
    for (auto& l : price.lines) {
        l.explain_pl = describe(l, kPl);
        l.explain_en = describe(l, kEn);
        price.explain_pl += l.explain_pl + "\n";
        price.explain_en += l.explain_en + "\n";
    }
    price.explain_pl += total_text(price, kPl);
    price.explain_en += total_text(price, kEn);
}

}  // namespace iskra::tariff::detail
