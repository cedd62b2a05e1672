#pragma once
//! \file philox.h
//! Philox4x32-10, the counter-based generator of Salmon et al. (SC'11): a pure function
//! from (counter, key) to four 32-bit words. No state is carried between calls, so any
//! draw of any member in any replication can be recomputed alone, on any thread.

#include <array>
#include <cstdint>

namespace pmsim {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

namespace philox_detail {
inline constexpr std::uint32_t kMultiplier0 = 0xD2511F53u;
inline constexpr std::uint32_t kMultiplier1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;  // golden ratio
inline constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;  // sqrt(3) - 1

constexpr PhiloxCounter round(const PhiloxCounter& c, const PhiloxKey& k) {
  const std::uint64_t p0 = std::uint64_t{kMultiplier0} * c[0];
  const std::uint64_t p1 = std::uint64_t{kMultiplier1} * c[2];
  const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
  const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
  return {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
}
}  // namespace philox_detail

//! Ten rounds of Philox4x32, bit-exact with the Random123 reference (known-answer tests).
constexpr PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  counter = philox_detail::round(counter, key);
  for (int r = 1; r < 10; ++r) {
    key[0] += philox_detail::kWeyl0;
    key[1] += philox_detail::kWeyl1;
    counter = philox_detail::round(counter, key);
  }
  return counter;
}

}  // namespace pmsim
