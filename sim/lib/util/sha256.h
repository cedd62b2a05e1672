#pragma once
//! \file sha256.h
//! SHA-256 (FIPS 180-4), used to fingerprint the resolved scenario stored in results files.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace pmsim {

//! Incremental SHA-256: update() any number of times, then digest() once.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  //! Finishes the hash and returns the 32-byte digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> digest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  //!< message length in bytes
};

//! A digest as 64 lowercase hexadecimal digits.
std::string hex_digits(const std::array<std::uint8_t, 32>& digest);

//! The SHA-256 of `data` as 64 lowercase hexadecimal digits.
std::string sha256_hex(std::string_view data);

}  // namespace pmsim
