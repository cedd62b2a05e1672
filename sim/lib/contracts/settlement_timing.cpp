#include "contracts/settlement_timing.h"

#include <string>
#include <string_view>
#include <vector>

#include "config/key_reader.h"
#include "config/key_visitor.h"

namespace pmsim {

namespace {

const std::vector<std::string> kInterimNames = {"none", "monthly", "quarterly", "semiannual"};
constexpr int kInterimMonths[] = {0, 1, 3, 6};

}  // namespace

void read_settlement_timing(KeyReader& contract, SettlementTiming& out) {
  auto m = contract.map("settlement");
  if (!m->valid()) return;
  int interim = 0;
  if (m->choice("interim", interim, kInterimNames)) out.interim_months = kInterimMonths[interim];
  if (m->has("interim_lag_months") && out.interim_months == 0) {
    m->error_at("interim_lag_months",
                "interim_lag_months needs interim payments (interim: monthly, quarterly or "
                "semiannual)");
  } else {
    m->integer("interim_lag_months", out.interim_lag_months, 0, 24);
  }
  int lag = 0;
  if (m->integer("lag_months", lag, 0, 36) && m->has("lag_months")) out.lag_months = lag;
  m->finish();
}

void walk_settlement_timing(KeyVisitor& v, SettlementTiming& timing) {
  if (timing == SettlementTiming{}) return;
  v.begin_map("settlement");
  if (timing.interim_months > 0) {
    for (std::size_t i = 0; i < kInterimNames.size(); ++i)
      if (kInterimMonths[i] == timing.interim_months) v.choice("interim", kInterimNames[i]);
    v.integer("interim_lag_months", timing.interim_lag_months);
  }
  if (timing.lag_months) v.integer("lag_months", *timing.lag_months);
  v.end_map();
}

}  // namespace pmsim
