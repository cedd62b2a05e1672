#pragma once
//! \file key_visitor.h
//! The scenario's key tree, format-neutral: a walk over a Scenario (keys/scenario_keys.h)
//! calls one event per key, in the order of docs/scenarios.md, with the value typed. The
//! YAML writer is one visitor, applying drawn values by key path another. Numbers, the only
//! values a distribution can stand for, come by reference so that a visitor can set them.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/categories.h"

namespace pmsim {

//! How an item of a list is best shown: a block of keys, or one line of keys (a band, a measure).
enum class ItemLayout { block, inline_map };

class KeyVisitor {
 public:
  virtual ~KeyVisitor() = default;

  //! A map of keys under `key`, until end_map.
  virtual void begin_map(std::string_view key) = 0;
  virtual void end_map() = 0;
  //! A list under `key` of `size` items, each begin_item ... end_item, until end_list.
  virtual void begin_list(std::string_view key, std::size_t size) = 0;
  virtual void end_list() = 0;
  virtual void begin_item(ItemLayout layout) = 0;
  virtual void end_item() = 0;

  virtual void number(std::string_view key, double& x) = 0;
  //! Numbers in a list (a band's prevalences, a range's two ends): its items' keys are indices.
  virtual void numbers(std::string_view key, std::span<double* const> xs) = 0;
  //! A number, or a word in its place that means a rule instead (`is_word`: the word holds).
  virtual void number_or_word(std::string_view key, double& x, std::string_view word, bool is_word) = 0;
  //! A value in each performance year (index 0 is year 1), given where it changes.
  virtual void by_year(std::string_view key, const std::vector<double>& values) = 0;
  virtual void integer(std::string_view key, std::int64_t x) = 0;
  virtual void unsigned_integer(std::string_view key, std::uint64_t x) = 0;
  virtual void boolean(std::string_view key, bool x) = 0;
  //! A name or free text.
  virtual void text(std::string_view key, const std::string& x) = 0;
  virtual void texts(std::string_view key, const std::vector<std::string>& xs) = 0;
  //! One of a fixed set of words (a type, a method, a distribution).
  virtual void choice(std::string_view key, std::string_view word) = 0;
  //! A set of service categories (every one: `all`).
  virtual void categories(std::string_view key, const CategoryFlags& flags) = 0;
};

//! Walks a list: `walk_item(item)` walks the keys of each item.
template <class Item, class WalkItem>
void walk_list(KeyVisitor& v, std::string_view key, std::vector<Item>& items, ItemLayout layout, WalkItem walk_item) {
  v.begin_list(key, items.size());
  for (Item& item : items) {
    v.begin_item(layout);
    walk_item(item);
    v.end_item();
  }
  v.end_list();
}

//! Walks a list of numbers held in a vector.
inline void walk_numbers(KeyVisitor& v, std::string_view key, std::vector<double>& xs) {
  std::vector<double*> items;
  for (double& x : xs) items.push_back(&x);
  v.numbers(key, items);
}

//! Walks a table of factors by category: one number per category, in enum order.
inline void walk_category_factors(KeyVisitor& v, std::string_view key, CategoryFactors& factors) {
  v.begin_map(key);
  for (int k = 0; k < kCategoryCount; ++k)
    v.number(kCategoryNames[static_cast<std::size_t>(k)], factors[static_cast<std::size_t>(k)]);
  v.end_map();
}

}  // namespace pmsim
