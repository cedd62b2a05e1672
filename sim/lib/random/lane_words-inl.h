// The lanes' streams and lists, the plumbing of the samplers (sampler_lanes.cpp): loads and
// stores of part vectors, the words of each lane's stream (LaneWords, exactly RandomStream's),
// and the lanes of a call sorted by method (Picked), a list a method, so that a vector holds
// the lanes of one method only.
// A Highway "-inl.h" header: included once per target by sampler_lanes.cpp, which
// foreach_target.h re-includes, after hwy/highway.h.

// Per-target include guard (see philox_vec-inl.h).
#if defined(PMSIM_RANDOM_LANE_WORDS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_LANE_WORDS_INL_H_
#undef PMSIM_RANDOM_LANE_WORDS_INL_H_
#else
#define PMSIM_RANDOM_LANE_WORDS_INL_H_
#endif

#include <hwy/highway.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "random/lane_rows-inl.h"
#include "random/philox_vec-inl.h"
#include "random/sampler_lanes.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DU32 = hn::Rebind<std::uint32_t, D>;  // one u32 a double lane
using DU64 = hn::RebindToUnsigned<D>;
using MD = hn::Mask<D>;
using VU32 = hn::Vec<DU32>;
constexpr double kTwo52 = 4503599627370496.0;
constexpr std::uint64_t kTwo52Bits = 0x4330000000000000ull;

// ---- Conversions (loads and stores: lane_rows-inl.h) ----------------------------------------------------

// u32 lanes as exact doubles: 2^52 + w has w in its low mantissa bits.
HWY_INLINE VD to_double(D d, VU32 w) {
  const DU64 du;
  return hn::Sub(hn::BitCast(d, hn::Or(hn::PromoteTo(du, w), hn::Set(du, kTwo52Bits))), hn::Set(d, kTwo52));
}

// Integer-valued doubles in [0, 2^32) as u32 (the low bits of 2^52 + k).
HWY_INLINE VU32 to_u32(D d, VD k) {
  const DU64 du;
  const DU32 d32;
  return hn::TruncateTo(d32, hn::BitCast(du, hn::Add(k, hn::Set(d, kTwo52))));
}

// ---- The lanes' streams -----------------------------------------------------------------

// Word w of each lane's stream, exactly as RandomStream draws it: element w % 4 of Philox
// block w / 4 of counter {w / 4, (year << 16) | purpose, slot, replication}. The words are
// read in lockstep, so the block index is common to the lanes; the last block is kept.
// With `pairs`, blocks 2j and 2j + 1 come from one Philox call on a u32 vector twice as wide
// (its halves), for the callers that read more than four words a lane; the words are the same.
class LaneWords {
 public:
  LaneWords(const std::array<PhiloxKey, 10>& keys, const LaneStreams& streams, VU32 slots, bool pairs = false)
      : keys_(keys),
        purpose_((static_cast<std::uint32_t>(streams.year) << 16) | streams.purpose),
        replication_(streams.replication),
        slots_(slots),
        words_{slots, slots, slots, slots},
        pairs_(pairs) {}

  HWY_INLINE VU32 word(std::size_t w) {
#if HWY_TARGET != HWY_SCALAR
    if (pairs_) {
      if (w / 8 != pair_) compute_pair(w / 8);
      const hn::Half<DU32F> half;
      return (w / 4) % 2 == 0 ? hn::LowerHalf(half, pair_words_[w % 4]) : hn::UpperHalf(half, pair_words_[w % 4]);
    }
#endif
    if (w / 4 != block_) {
      block_ = w / 4;
      const DU32 d32;
      if (block_ == 0 && first_[0] != nullptr) {  // computed before, a wider vector at a time
        for (int j = 0; j < 4; ++j) words_[j] = hn::LoadU(d32, first_[j]);
        return words_[w % 4];
      }
      words_[0] = hn::Set(d32, static_cast<std::uint32_t>(block_));
      words_[1] = hn::Set(d32, purpose_);
      words_[2] = slots_;
      words_[3] = hn::Set(d32, replication_);
      philox_rounds(d32, keys_, words_[0], words_[1], words_[2], words_[3]);
    }
    return words_[w % 4];
  }

  //! Block 0 of the lanes is first[j][0 .. lanes) (word j): computed by first_blocks.
  void use_first_block(const std::array<const std::uint32_t*, 4>& first) { first_ = first; }

  // RandomStream::to_open_unit(word w): (w + 0.5) 2^-32, exact.
  HWY_INLINE VD uniform(std::size_t w) {
    const D d;
    return hn::Mul(hn::Add(to_double(d, word(w)), hn::Set(d, 0.5)), hn::Set(d, 0x1p-32));
  }

 private:
#if HWY_TARGET != HWY_SCALAR
  using DU32F = hn::Twice<DU32>;
  HWY_INLINE void compute_pair(std::size_t pair) {
    pair_ = pair;
    const DU32F df;
    const DU32 d32;
    const auto first = hn::Set(d32, static_cast<std::uint32_t>(2 * pair));
    const auto second = hn::Set(d32, static_cast<std::uint32_t>(2 * pair + 1));
    pair_words_[0] = hn::Combine(df, second, first);
    pair_words_[1] = hn::Set(df, purpose_);
    pair_words_[2] = hn::Combine(df, slots_, slots_);
    pair_words_[3] = hn::Set(df, replication_);
    philox_rounds(df, keys_, pair_words_[0], pair_words_[1], pair_words_[2], pair_words_[3]);
  }
  hn::Vec<DU32F> pair_words_[4];
  std::size_t pair_ = ~std::size_t{0};
#endif
  const std::array<PhiloxKey, 10>& keys_;
  std::uint32_t purpose_, replication_;
  VU32 slots_;
  VU32 words_[4];
  std::size_t block_ = ~std::size_t{0};
  bool pairs_;
  std::array<const std::uint32_t*, 4> first_{};
};

HWY_INLINE std::array<PhiloxKey, 10> keys_of(const LaneStreams& streams) {
  return philox_round_keys({static_cast<std::uint32_t>(streams.seed), static_cast<std::uint32_t>(streams.seed >> 32)});
}

// ---- Packing the lanes of a mask --------------------------------------------------------

// Highway 1.0.3's Compress of 64-bit lanes on AVX2 and AVX-512 builds its table of lane
// indices on the stack at every call (512 bytes and 2 KB copied: the generator ran at half its
// AVX2 speed on AVX-512 with it); pack() reads the same kind of table, built once at compile
// time. For each mask of the lanes, the indices of the kept lanes in order, then the others.
// The source lane of each output lane for the mask `bits` of `lanes` lanes.
constexpr std::array<unsigned, 8> packed_order(unsigned bits, unsigned lanes) {
  std::array<unsigned, 8> order{};
  unsigned out = 0;
  for (unsigned kept : {1u, 0u})
    for (unsigned lane = 0; lane < lanes; ++lane)
      if (((bits >> lane) & 1u) == kept) order[out++] = lane;
  return order;
}

#if HWY_TARGET == HWY_AVX2
// 4 lanes: the u32 indices of each 64-bit lane's halves, for AVX2's 8 x 32-bit permute.
struct PackTable {
  alignas(32) std::uint32_t index[16][8];
};
constexpr PackTable pack_table() {
  PackTable t{};
  for (unsigned bits = 0; bits < 16; ++bits) {
    const auto order = packed_order(bits, 4);
    for (unsigned j = 0; j < 4; ++j) t.index[bits][2 * j] = 2 * order[j], t.index[bits][2 * j + 1] = 2 * order[j] + 1;
  }
  return t;
}
inline constexpr PackTable kPack = pack_table();
#elif HWY_TARGET <= HWY_AVX3
// 8 lanes: output lane j's source lane in nibble j.
struct PackTable {
  std::uint32_t nibbles[256];
  alignas(64) std::uint64_t shifts[8];  // nibble j's position
};
constexpr PackTable pack_table() {
  PackTable t{};
  for (unsigned bits = 0; bits < 256; ++bits) {
    const auto order = packed_order(bits, 8);
    for (unsigned j = 0; j < 8; ++j) t.nibbles[bits] |= order[j] << (4 * j);
  }
  for (unsigned j = 0; j < 8; ++j) t.shifts[j] = 4 * j;
  return t;
}
inline constexpr PackTable kPack = pack_table();
#endif

// The lanes of v (64-bit lanes, as many as D's) where `keep` holds, moved to the front in lane
// order; the lanes after them are not specified (ListTail writes them past the list's end).
template <class DV>
HWY_INLINE hn::Vec<DV> pack(DV dv, hn::Vec<DV> v, MD keep) {
#if HWY_TARGET == HWY_AVX2 || HWY_TARGET <= HWY_AVX3
  std::uint8_t bits[8] = {};
  hn::StoreMaskBits(D(), keep, bits);
#endif
#if HWY_TARGET == HWY_AVX2
  const hn::Repartition<std::uint32_t, DV> d32;
  const auto index = hn::IndicesFromVec(d32, hn::Load(d32, kPack.index[bits[0]]));
  return hn::BitCast(dv, hn::TableLookupLanes(hn::BitCast(d32, v), index));
#elif HWY_TARGET <= HWY_AVX3
  const hn::RebindToUnsigned<DV> du;
  const hn::RebindToSigned<DV> di;
  const auto lanes = hn::And(hn::Set(du, kPack.nibbles[bits[0]]) >> hn::Load(du, kPack.shifts), hn::Set(du, 7));
  return hn::TableLookupLanes(v, hn::IndicesFromVec(dv, hn::BitCast(di, lanes)));
#else
  return hn::Compress(v, hn::RebindMask(dv, keep));
#endif
}

// ---- Lanes sorted by method -----------------------------------------------------------

// The lanes of one call that one method draws, copied together so that a vector holds lanes
// of one method only (a vector runs each method some lane of it needs, and waits for its
// slowest lane): where each lane came from, its parameters and its slot. A lane's result
// depends on its own parameters and stream only, so which vector holds it changes nothing.
struct Picked {
  std::vector<std::uint32_t> at, slot;
  std::vector<double> x, y, z, result;
  //! A yes or no of the method's own (binomial: reflected), 0 or 1. Not bytes: a char may
  //! alias anything, so code that stores into the lists reloads their pointers after each.
  std::vector<std::uint32_t> flag;
  std::array<std::vector<std::uint32_t>, 4> first;  //!< block 0 of each lane's stream (first_blocks)
  std::size_t count = 0;
  //! Room for the n lanes of a call, none picked yet, and for the vectors that first_blocks
  //! (u32 of full width: HWY_MAX_BYTES / 4 lanes) and ListTail (one vector of doubles) read and
  //! write past the last lane.
  void start(std::size_t n) {
    const std::size_t room = n + HWY_MAX_BYTES / sizeof(std::uint32_t);
    if (at.size() < room) {
      for (auto* v : {&at, &slot}) v->resize(room);
      flag.resize(room);
      for (auto* v : {&x, &y, &z, &result}) v->resize(room);
      for (auto& v : first) v.resize(room);
    }
    count = 0;
  }
  std::size_t size() const { return count; }
};

// The end of a list that a loop appends lanes to, a vector at a time: lanes(keep) picks the
// lanes, each column given then takes them packed to the front (a whole vector is stored: the
// room of start()), and next() counts them in. The pointers and the count are held here, in
// the loop's locals, because a store of integer vectors may alias anything (the list's own
// would be read again after each); close() gives the list its length.
class ListTail {
 public:
  using VU64 = hn::Vec<DU64>;
  explicit ListTail(Picked& p)
      : list_(p),
        x_(p.x.data()),
        y_(p.y.data()),
        z_(p.z.data()),
        at_(p.at.data()),
        slot_(p.slot.data()),
        flag_(p.flag.data()),
        keep_(hn::FirstN(D(), 0)) {}
  HWY_INLINE ListTail& lanes(MD keep) { return keep_ = keep, *this; }
  HWY_INLINE ListTail& x(VD v) { return put(x_, v), *this; }
  HWY_INLINE ListTail& y(VD v) { return put(y_, v), *this; }
  HWY_INLINE ListTail& z(VD v) { return put(z_, v), *this; }
  HWY_INLINE ListTail& at(VU64 v) { return put(at_, v), *this; }
  HWY_INLINE ListTail& slot(VU64 v) { return put(slot_, v), *this; }
  HWY_INLINE ListTail& flag(MD yes) {
    return put(flag_, hn::IfThenElseZero(hn::RebindMask(DU64(), yes), hn::Set(DU64(), 1))), *this;
  }
  HWY_INLINE void next() { count_ += hn::CountTrue(D(), keep_); }
  void close() const { list_.count = count_; }

 private:
  HWY_INLINE void put(double* column, VD v) const { hn::StoreU(pack(D(), v, keep_), D(), column + count_); }
  HWY_INLINE void put(std::uint32_t* column, VU64 v) const {
    hn::StoreU(hn::TruncateTo(DU32(), pack(DU64(), v, keep_)), DU32(), column + count_);
  }
  Picked& list_;
  double *x_, *y_, *z_;
  std::uint32_t *at_, *slot_, *flag_;
  MD keep_;
  std::size_t count_ = 0;
};

// Per thread and per target (this header is compiled once a target): the lists of a call,
// each with room for n lanes.
constexpr std::size_t kLists = 2;
inline std::array<Picked, kLists>& picked_lists(std::size_t n) {
  thread_local std::array<Picked, kLists> lists;
  for (Picked& p : lists) p.start(n);
  return lists;
}

// Block 0 of the picked lanes' streams (words 0 to 3: the first try of PTRS, BTRD and the
// gamma sampler), into p.first, with u32 vectors of full width: twice the lanes of the
// double vectors the methods run on, so half the Philox rounds a lane.
HWY_INLINE void first_blocks(Picked& p, const std::array<PhiloxKey, 10>& keys, const LaneStreams& streams) {
  const hn::ScalableTag<std::uint32_t> d32;
  const std::size_t lanes = hn::Lanes(d32);
  const auto purpose = hn::Set(d32, (static_cast<std::uint32_t>(streams.year) << 16) | streams.purpose);
  const auto replication = hn::Set(d32, streams.replication);
  for (std::size_t i = 0; i < p.size(); i += lanes) {
    auto c0 = hn::Zero(d32), c1 = purpose, c3 = replication;
    auto c2 = hn::LoadU(d32, p.slot.data() + i);  // past the last lane: the room of start()
    philox_rounds(d32, keys, c0, c1, c2, c3);
    hn::StoreU(c0, d32, p.first[0].data() + i);
    hn::StoreU(c1, d32, p.first[1].data() + i);
    hn::StoreU(c2, d32, p.first[2].data() + i);
    hn::StoreU(c3, d32, p.first[3].data() + i);
  }
}

// A LaneWords for the picked lanes from i on, block 0 from first_blocks.
HWY_INLINE LaneWords picked_words(const Picked& p, std::size_t i, const std::array<PhiloxKey, 10>& keys,
                                  const LaneStreams& streams, VU32 slots) {
  LaneWords words(keys, streams, slots);
  words.use_first_block({p.first[0].data() + i, p.first[1].data() + i, p.first[2].data() + i, p.first[3].data() + i});
  return words;
}

// method(i, x, y, z, slots, lanes) on the picked lanes from i on, a vector at a time
// (padding lanes get `pad`, and are off in `lanes`), the results into p.result.
template <class Method>
HWY_INLINE void draw_picked(Picked& p, const std::array<double, 3>& pad, const Method& method) {
  const D d;
  const DU32 d32;
  by_vectors(p.size(), [&](std::size_t i, std::size_t count) {
    const VD x = load_padded(d, p.x.data() + i, count, pad[0]);
    const VD y = load_padded(d, p.y.data() + i, count, pad[1]);
    const VD z = load_padded(d, p.z.data() + i, count, pad[2]);
    const VU32 slots = load_padded(d32, p.slot.data() + i, count, 0u);
    store_partial(d, method(i, x, y, z, slots, hn::FirstN(d, count)), count, p.result.data() + i);
  });
}

// method(x0, y0, z0, lanes0, x1, y1, z1, lanes1) -> {result0, result1} on two vectors of the
// picked lanes at a time, for the methods that interleave two independent vectors (the second
// past the list's end has no lane on).
template <class Method>
HWY_INLINE void draw_picked_pairs(Picked& p, const std::array<double, 3>& pad, const Method& method) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  for (std::size_t i = 0; i < p.size(); i += 2 * lanes) {
    const std::size_t count0 = p.size() - i < lanes ? p.size() - i : lanes;
    const std::size_t rest = p.size() - i - count0;
    const std::size_t count1 = rest < lanes ? rest : lanes;
    const std::size_t j = i + count0;
    const VD x0 = load_padded(d, p.x.data() + i, count0, pad[0]), y0 = load_padded(d, p.y.data() + i, count0, pad[1]);
    const VD z0 = load_padded(d, p.z.data() + i, count0, pad[2]);
    const VD x1 = load_padded(d, p.x.data() + j, count1, pad[0]), y1 = load_padded(d, p.y.data() + j, count1, pad[1]);
    const VD z1 = load_padded(d, p.z.data() + j, count1, pad[2]);
    const std::array<VD, 2> r = method(x0, y0, z0, hn::FirstN(d, count0), x1, y1, z1, hn::FirstN(d, count1));
    store_partial(d, r[0], count0, p.result.data() + i);
    store_partial(d, r[1], count1, p.result.data() + j);
  }
}

HWY_INLINE bool any(D d, MD m) { return !hn::AllFalse(d, m); }

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_LANE_WORDS_INL_H_
