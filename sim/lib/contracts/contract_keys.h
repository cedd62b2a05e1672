#pragma once
//! \file contract_keys.h
//! How a contract type reads its keys in a scenario file (through config/key_reader.h, so
//! that no contract type knows the file format). Each type's header declares, in its
//! "reading its keys" section:
//!  - `contract_keys(terms)`: every key of its contracts besides `name` and `type`, in the
//!    order of docs/scenarios.md. `payer` and `quality_measures`, fields of every contract,
//!    are among them for the types that have them; the scenario layer reads those two and
//!    derives from these lists which keys belong to which type;
//!  - `read_terms(reader, terms)`: reads its other keys;
//! and, when it has them:
//!  - `foreign_key_notes(terms)`: what a contract of the type says about keys of other
//!    types given on it ("did you mean target?");
//!  - `check_references(reader, terms, self, contracts)`: checks the contracts it names, once
//!    every contract is read (a blend's components, a transition's stages).

#include <span>
#include <string_view>

namespace pmsim {

//! A note for the unknown-key error of `key` on a contract of a type that does not accept it
//! (another type does): follows "'key' applies only to ... contracts", or replaces it.
struct ForeignKeyNote {
  std::string_view key;
  std::string_view text;
  bool replaces = false;  //!< true: the whole note; false: appended to the general one
};

}  // namespace pmsim
