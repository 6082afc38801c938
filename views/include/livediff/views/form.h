// Form: submitted params with per-field values and errors, showing errors only where the user
// has been, as LiveView does.
#ifndef LIVEDIFF_VIEWS_FORM_H
#define LIVEDIFF_VIEWS_FORM_H

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "livediff/views/params.h"

namespace livediff {

/// A form over the params of a `phx-change` or `phx-submit` event (or empty, for a new form).
/// Fields are named `<name>[<field>]` when the form has a name. The client marks fields the user
/// has not touched yet with `_unused_<field>` params; errors of those fields stay hidden until
/// the form is submitted.
class Form {
 public:
  Form() = default;
  explicit Form(std::string name) : name_(std::move(name)) {}
  Form(const Params& params, std::string name);

  const std::string& name() const { return name_; }
  /// The input's `name` attribute: `user[email]`, or `email` for an unnamed form.
  std::string input_name(std::string_view field) const;
  /// The input's `id` attribute: `user_email`.
  std::string input_id(std::string_view field) const;

  std::string_view value(std::string_view field) const;
  void set_value(std::string_view field, std::string value);
  /// Whether the user has interacted with the field (LiveView's `used_input?`).
  bool used(std::string_view field) const;

  void add_error(std::string_view field, std::string message);
  /// The errors to show for `field`: none until the field is used or the form submitted.
  std::vector<std::string_view> errors(std::string_view field) const;
  /// Every error of `field`, shown or not.
  const std::vector<std::string>& all_errors(std::string_view field) const;
  bool valid() const { return errors_.empty(); }
  /// After `phx-submit`: every error shows.
  void mark_submitted() { submitted_ = true; }
  bool submitted() const { return submitted_; }

 private:
  std::string name_;
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, bool, std::less<>> used_;
  std::map<std::string, std::vector<std::string>, std::less<>> errors_;
  bool submitted_ = false;
};

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_FORM_H
