#pragma once
//! \file yaml_key_reader.h
//! The reader interface of config/key_reader.h over the YAML reader (internal to
//! sim/lib/scenario): what the contract types read their keys through.

#include <memory>

#include "config/key_reader.h"
#include "scenario/parse_context.h"

namespace pmsim::scenario_parser {

class YamlKeyReader final : public KeyReader {
 public:
  YamlKeyReader(ParseContext& ctx, MapReader reader) : ctx_(ctx), reader_(std::move(reader)) {}

  //! The YAML reader of the map, for the scenario layer's own keys.
  MapReader& map_reader() { return reader_; }

  bool valid() const override { return reader_.valid(); }
  const std::string& path() const override { return reader_.path(); }
  bool has(std::string_view key) const override { return reader_.has(key); }
  ValueShape shape(std::string_view key) const override;
  std::string text(std::string_view key) const override;
  std::string describe(std::string_view key) const override;

  bool number(std::string_view key, double& out, const ValueRange& range, Need need) override;
  bool plain_number(std::string_view key, double& out, const ValueRange& range, std::string_view why,
                    Need need) override;
  bool integer(std::string_view key, int& out, int lo, int hi, Need need) override;
  bool boolean(std::string_view key, bool& out, Need need) override;
  bool string(std::string_view key, std::string& out, Need need, const StringCheck& check) override;
  bool choice(std::string_view key, int& out, const std::vector<std::string>& accepted, Need need) override;
  void number_or_word(std::string_view key, const std::string& word, double& rate, bool& is_word) override;
  bool categories(std::string_view key, CategoryFlags& out, CategoriesDefault empty) override;

  std::unique_ptr<KeyReader> map(std::string_view key, Need need) override;
  std::unique_ptr<KeyList> list(std::string_view key, std::size_t min_items, std::size_t max_items, Need need) override;

  void accept(std::string_view key) override { reader_.accept(key); }
  void explain_unknown(std::string_view key, std::string note) override;
  void finish() override { reader_.finish(); }

  void error_at(std::string_view key, std::string_view message) override;
  void error(std::string_view message) override;
  std::size_t error_count() const override { return ctx_.diag.count(); }

  int years() const override { return ctx_.years; }
  std::optional<int> baseline_years() const override { return ctx_.baseline_years; }
  bool condition_name(std::string_view key, std::string& out) override;
  bool admission_type_name(std::string_view key, std::string& out) override;
  const std::vector<std::string>& payer_names() const override { return ctx_.payer_names; }
  void require_simulated(QualityOutcome outcome, std::string_view key, const std::string& what) override;
  void count_member_amount(std::string_view key, double amount, bool percentile) override;
  void count_episode(std::string_view key, const EpisodeDefinition& episode) override;

 private:
  //! The value of `key` (accepting it), or the map's when it is absent: where its messages go.
  Value value_at(std::string_view key);

  ParseContext& ctx_;
  MapReader reader_;
};

class YamlKeyList final : public KeyList {
 public:
  YamlKeyList(ParseContext& ctx, Value sequence) : ctx_(ctx), sequence_(std::move(sequence)) {}

  std::size_t size() const override { return sequence_.node.size(); }
  std::unique_ptr<KeyReader> map_item(std::size_t index) override;
  bool number_item(std::size_t index, double& out, const ValueRange& range) override;
  bool plain_number_item(std::size_t index, double& out, const ValueRange& range, std::string_view why) override;
  bool string_item(std::size_t index, std::string& out) override;
  void error(std::string_view message) override;
  void error_at(std::size_t index, std::string_view message) override;

 private:
  ParseContext& ctx_;
  Value sequence_;
};

}  // namespace pmsim::scenario_parser
