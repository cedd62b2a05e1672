#pragma once
//! \file words.h
//! Words in messages: a did-you-mean suggestion for a misspelt name, and lists of names.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pmsim {

//! Levenshtein distance.
std::size_t edit_distance(std::string_view a, std::string_view b);
//! The candidate closest to `word` if it is a case-insensitive match or within edit distance
//! 2, else nullopt.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates);
//! "a, b, c".
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace pmsim
