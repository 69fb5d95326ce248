#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/catalog_service.hpp"
#include "app/clock.hpp"
#include "app/intake_service.hpp"
#include "app/photo_store.hpp"
#include "app/principal.hpp"
#include "app/workflow_service.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// One Open311 service: an active sub-category as other systems see it.
struct ServiceInfo {
    core::Category category;
    std::string group;              ///< the top-level category's name
    std::string type = "realtime";  ///< realtime, batch or blackbox
    bool metadata = false;          ///< whether it has attributes (a service definition worth reading)
};

struct ServiceDefinition {
    std::string service_code;
    std::vector<storage::ServiceAttribute> attributes;
};

/// POST requests, as the client sent it (strings not yet cleaned).
struct Submission {
    std::string service_code;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string address_string;
    std::optional<core::Id> address_id;                           ///< a neighbourhood (mahalle) id of the gazetteer
    std::vector<std::pair<std::string, std::string>> attributes;  ///< attribute[code] (repeated: multivaluelist)
    std::string description;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string phone;
    std::string device_id;
    std::string account_id;
    std::string media_url;
};

/// What POST requests answers: the id, or a token for a batch service.
struct Filed {
    core::Request request;
    std::string token;  ///< set for batch services (the id is then not returned)
};

/// A request as Open311 shows it: the request and what the public may see around it.
struct PublicRequest {
    core::Request request;
    std::string status_notes;  ///< the latest public answer
    std::string media_url;     ///< what the client sent, if any
    std::string photo_sha256;  ///< the first attached photo, if any
};

/// A photo as the media of a request.
struct MediaFile {
    std::string content_type;
    std::string bytes;
};

/// GET requests. Ids (tracking numbers) given: those requests, the other filters ignored.
struct RequestQuery {
    std::vector<std::string> ids;
    std::vector<std::string> service_codes;
    std::optional<core::Time> start;
    std::optional<core::Time> end;
    std::optional<bool> open;  ///< status=open / status=closed
    std::optional<core::Time> updated_after;
    std::optional<storage::RequestFilter::Box> box;
    struct Circle {
        double lat = 0;
        double lon = 0;
        double meters = 0;
    };
    std::optional<Circle> circle;
    int page = 1;
    int page_size = 1000;
};

/// One item of the servicerequestupdates feed.
struct UpdateItem {
    core::Id update_id = 0;  ///< the event id
    std::string service_request_id;
    bool open = true;
    core::Time at{};
    std::string description;
};

struct UpdateQuery {
    std::optional<core::Time> start;
    std::optional<core::Time> end;
    std::string service_request_id;
    int page = 1;
    int page_size = 1000;
};

/// What staff see of an Open311 request beyond the request itself.
struct Open311Details {
    std::optional<core::Id> api_key_id;
    std::string api_key_name;
    std::vector<std::pair<std::string, std::string>> attributes;
};

/// The Open311 GeoReport v2 use cases (docs/open311.md): services and their questions, filing through
/// IntakeService::Create (channel open311), tokens of batch services, the public view of requests and the
/// servicerequestupdates feed. Public reads never carry personal data, internal notes or staff names.
class Open311Service {
  public:
    /// Parses an ISO 8601 time (the API's parser, so datetime attributes read like every other time).
    using TimeParser = std::function<std::optional<core::Time>(std::string_view)>;

    Open311Service(storage::Store& store, CatalogService& catalog, IntakeService& intake, WorkflowService& workflow,
                   const PhotoStore& photos, const Clock& clock);

    std::vector<ServiceInfo> Services() const;
    /// kNotFound for an unknown, inactive or top-level code.
    core::Result<ServiceInfo> Service(const std::string& code) const;
    core::Result<ServiceDefinition> Definition(const std::string& code) const;

    /// Validates the attributes against the service definition and files the request through
    /// IntakeService::Create, writing the answers and what the client sent in the same transaction.
    /// Errors: kNotFound (service), kValidation (missing location, attribute, bad value, IntakeService's own).
    core::Result<Filed> Submit(const Principal& who, Submission submission, const TimeParser& parse_time);

    /// The request id a batch token stands for; kNotFound for an unknown token.
    core::Result<std::string> ResolveToken(const std::string& token) const;

    core::Result<std::vector<PublicRequest>> Requests(const RequestQuery& query) const;
    /// One request by its service_request_id (tracking number); kNotFound otherwise.
    core::Result<PublicRequest> Request(const std::string& service_request_id) const;

    /// A photo of a request (its media_url) by its SHA-256; kNotFound for an unknown request or photo.
    core::Result<MediaFile> Media(const std::string& service_request_id, const std::string& sha256) const;

    std::vector<UpdateItem> Updates(const UpdateQuery& query) const;
    /// A citizen's comment through a client; `still_open` asks to reopen a resolved or closed request.
    core::Result<UpdateItem> PostUpdate(const Principal& who, const std::string& service_request_id,
                                        const std::string& description, bool still_open);

    /// For staff views of a request: the API key that filed it and the attribute answers.
    Open311Details Details(const core::Request& request) const;

    /// The limits of GET requests (spec defaults: 90 days, 1,000 results).
    static constexpr int kMaxResults = 1000;
    static constexpr std::chrono::hours kDefaultWindow{24 * 90};

  private:
    core::Result<void> CheckAttributes(const std::string& category,
                                       const std::vector<std::pair<std::string, std::string>>& given,
                                       const TimeParser& parse_time) const;
    std::vector<PublicRequest> Decorate(std::vector<core::Request> requests) const;

    storage::Store& store_;
    CatalogService& catalog_;
    IntakeService& intake_;
    WorkflowService& workflow_;
    const PhotoStore& photos_;
    const Clock& clock_;
};

/// The text with what looks like contact data masked: runs of 7 or more digits (phone numbers, T.C. kimlik
/// numbers; spaces, dashes and parentheses between digits count as part of the run, dates do not) and
/// e-mail addresses become "***". Descriptions are public in Open311, and an agent may have typed a caller's
/// number into one.
std::string MaskContactData(std::string_view text);

/// Whether a status counts as "open" for Open311 (anything not resolved, closed or rejected).
bool IsOpen311Open(core::Status status);

}  // namespace alo153::app
