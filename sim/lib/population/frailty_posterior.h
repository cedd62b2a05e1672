#pragma once
//! \file frailty_posterior.h
//! What a member file tells about each member's frailty: the posterior of last year's
//! frailty F given last year's claims and enrolled months, under the scenario's model
//! (docs/model.md, "Members from a file"). The stationary Gamma(k, 1/k) is the prior; the
//! likelihood of the claims given F = f is a zero-inflated gamma with the model's
//! probability of no claims, mean and variance of the claims given f (the compound Poisson
//! moments of the categories' counts and severities, with readmissions and post-acute stays
//! binomial in the admissions). The posterior is computed on a grid in log f and summarised
//! by the gamma with its mean and variance, from which a replication draws.

#include <cstdint>
#include <vector>

#include "config/member_panel.h"

namespace pmsim {

class PopulationModel;

//! Gamma(shape, scale): a member's posterior of last year's frailty.
struct FrailtyPosterior {
  double shape = 1;
  double scale = 1;
  double mean() const { return shape * scale; }
};

//! What the likelihood needs of one member: who it is and what it cost last year.
struct ObservedMember {
  int band = 0;
  bool female = false;
  std::uint32_t conditions = 0;
  int months = 12;
  int segment = 0;  //!< its payer (PopulationModel::segments), whose fees priced its claims
  //! Last year's claims: `claims[0]` the total when `by_category` is false, else claims by
  //! category, observed where `observed[k]`.
  bool by_category = false;
  const double* claims = nullptr;
  const std::uint8_t* observed = nullptr;
};

//! The posterior of last year's frailty of `member` under `model`.
FrailtyPosterior frailty_posterior(const PopulationModel& model, const ObservedMember& member);

//! The posterior of every member of `panel`, in the order of the file (in parallel).
std::vector<FrailtyPosterior> frailty_posteriors(const PopulationModel& model, const MemberPanel& panel);

}  // namespace pmsim
