#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/principal.hpp"
#include "app/request_common.hpp"
#include "core/model.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// A page of requests and the cursor of the next page (empty at the end).
struct RequestPage {
    std::vector<core::Request> items;
    std::string next_cursor;
};

/// What staff and citizens read about requests: one request, a filtered page of them, a history, the photos,
/// and the citizen's public tracking view. Reads only.
class RequestQueries {
  public:
    explicit RequestQueries(storage::Store& store);

    core::Result<core::Request> Get(const Principal& who, core::Id id) const;
    /// By tracking number; a wrong check digit is kBadTrackingNumber, never another request.
    core::Result<core::Request> GetByNumber(const Principal& who, std::string_view tracking_number) const;
    /// Lists with a filter (unit roles see only their unit) and an opaque cursor.
    core::Result<RequestPage> List(const Principal& who, storage::RequestFilter filter, std::string_view text,
                                   std::string_view cursor) const;
    core::Result<std::vector<core::Event>> History(const Principal& who, core::Id id) const;
    core::Result<std::vector<core::Photo>> Photos(const Principal& who, core::Id id) const;

    /// The public view for a citizen: the request if the tracking number and the phone's last four digits
    /// match (kNotFound otherwise, without saying which did not).
    core::Result<core::Request> Track(std::string_view tracking_number, std::string_view phone_last4) const;
    /// The citizen-visible part of a request's history.
    std::vector<core::Event> PublicHistory(core::Id id) const;

  private:
    storage::Store& store_;
};

}  // namespace alo153::app
