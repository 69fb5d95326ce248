#pragma once

// The rows of the Open311 tables (GeoReport v2, docs/open311.md) as storage reads and writes them.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.hpp"

namespace alo153::storage {

using core::Id;
using core::Time;

/// A question a sub-category asks (an Open311 service attribute).
struct ServiceAttribute {
    std::string category;
    std::string code;      ///< ASCII
    std::string datatype;  ///< string, number, datetime, text, singlevaluelist, multivaluelist
    bool required = false;
    int order = 0;
    std::string description;
    std::string datatype_description;
    bool variable = true;                                     ///< false: informational only, nothing to answer
    std::vector<std::pair<std::string, std::string>> values;  ///< (key, name) of the list datatypes
};

/// What an Open311 client sent beside a request.
struct Open311Submission {
    Id request_id = 0;
    std::string token;  ///< batch services only
    std::string media_url;
    std::string device_id;
    std::string account_id;
};

/// A public event of a request, for the servicerequestupdates feed.
struct PublicUpdate {
    core::Event event;
    std::string tracking_number;
    core::Status request_status = core::Status::kNew;  ///< the request's status now
};

/// Which public events the updates feed returns, oldest first.
struct UpdateFilter {
    std::optional<Time> from;  ///< inclusive
    std::optional<Time> to;    ///< exclusive
    std::optional<Id> request_id;
    int limit = 1000;
    int offset = 0;
};

}  // namespace alo153::storage
