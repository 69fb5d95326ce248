#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/catalog_service.hpp"
#include "app/clock.hpp"
#include "app/photo_store.hpp"
#include "app/principal.hpp"
#include "core/model.hpp"
#include "core/sla_calendar.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// A new citizen given together with a request (instead of an existing citizen's id).
struct NewCitizen {
    std::string phone;
    std::string first_name;
    std::string last_name;
    std::string tckn;
    std::string email;
    bool kvkk_consent = false;
};

/// Everything intake needs to record a request. Strings arrive as the client sent them; the service
/// validates and cleans them.
struct CreateRequest {
    core::RequestType type = core::RequestType::kRequest;
    core::Channel channel = core::Channel::kPhone;
    std::string category;
    std::string description;
    core::Location location;
    std::optional<core::Id> citizen_id;
    std::optional<NewCitizen> citizen;  ///< neither citizen_id nor citizen: anonymous
    std::optional<core::Id> contact_id;
    std::vector<std::string> photos;  ///< raw bytes of each photo
    std::string suggested_category;   ///< the classifier's top suggestion shown to whoever filed it, if any
    std::string idempotency_key;
    std::string body_hash;  ///< a digest of the client's body, to tell a replay from a reused key
    /// More rows to write in the create's transaction once the request has its id (e.g. what an Open311
    /// client sent beside it). Must derive everything from its arguments: the job may run twice.
    std::function<void(storage::Tx&, const core::Request&)> also_write;
};

struct Created {
    core::Request request;
    bool replayed = false;  ///< an Idempotency-Key seen before: this is the first result again
};

/// A citizen's comment on a request, and the request after it (reopened when the comment asked for it).
struct Commented {
    core::Event comment;
    core::Request request;
    bool reopened = false;
};

/// What a workflow action may carry.
struct ActionInput {
    std::string text;                  ///< reason (hold, reject, reopen, reroute) or public answer (resolve)
    std::optional<core::Id> assignee;  ///< assign
    std::string unit;                  ///< reroute: the new unit
    std::string category;              ///< reroute: optionally a corrected category
    std::optional<int> if_match;       ///< the version the client saw
};

/// A page of requests and the cursor of the next page (empty at the end).
struct RequestPage {
    std::vector<core::Request> items;
    std::string next_cursor;
};

/// Intake, workflow and queries of requests. Every change is written with its event and its rollups in one
/// transaction (ARCHITECTURE.md, "app owns transactions").
class RequestService {
public:
    struct Limits {
        std::size_t description_chars = 4000;
        std::size_t note_chars = 4000;
        std::size_t max_photos = 5;
    };

    RequestService(storage::Store& store, CatalogService& catalog, const core::SlaCalendar& calendar,
                   const PhotoStore& photos, const Clock& clock, Limits limits);

    /// Validates, routes and records a request. Errors: kValidation, kUnknownReference, kPayloadTooLarge,
    /// kUnsupportedMedia, kConflict (an Idempotency-Key reused for a different request).
    core::Result<Created> Create(const Principal& who, CreateRequest command);
    /// A request a citizen files on the public portal, without an account: channel web, the citizen's phone
    /// and KVKK consent required, no existing citizen or contact referenced. Otherwise as Create.
    core::Result<Created> CreateFromPortal(CreateRequest command);

    core::Result<core::Request> Get(const Principal& who, core::Id id) const;
    /// By tracking number; a wrong check digit is kBadTrackingNumber, never another request.
    core::Result<core::Request> GetByNumber(const Principal& who, std::string_view tracking_number) const;
    /// Lists with a filter (unit roles see only their unit) and an opaque cursor.
    core::Result<RequestPage> List(const Principal& who, storage::RequestFilter filter, std::string_view text,
                                   std::string_view cursor) const;
    core::Result<std::vector<core::Event>> History(const Principal& who, core::Id id) const;
    core::Result<std::vector<core::Photo>> Photos(const Principal& who, core::Id id) const;

    /// Takes a workflow action (the status machine of core decides whether it is allowed now).
    core::Result<core::Request> Act(const Principal& who, core::Id id, core::Action action, const ActionInput& input);
    /// Adds an internal note, or a public answer the citizen sees.
    core::Result<core::Event> AddNote(const Principal& who, core::Id id, std::string_view text, bool is_public);
    /// Records a citizen's comment, passed on by another system (a public event of kind "comment"). With
    /// `reopen` ("still not fixed"), a resolved, closed or rejected request is reopened in the same
    /// transaction, as the status machine allows; an open one just gets the comment.
    core::Result<Commented> AddComment(const Principal& who, core::Id id, std::string_view text, bool reopen);
    core::Result<core::Photo> AddPhoto(const Principal& who, core::Id id, std::string_view bytes);

    /// The public view for a citizen: the request if the tracking number and the phone's last four digits
    /// match (kNotFound otherwise, without saying which did not).
    core::Result<core::Request> Track(std::string_view tracking_number, std::string_view phone_last4) const;
    /// The citizen-visible part of a request's history.
    std::vector<core::Event> PublicHistory(core::Id id) const;

    /// The SLA working hours of a unit.
    static core::WorkingHours HoursOf(const core::Unit* unit);

private:
    /// Create after the caller's right to create has been checked.
    core::Result<Created> Record(const Principal& who, CreateRequest c);
    core::Result<void> Validate(CreateRequest& c, const routing::Catalog& catalog) const;
    core::Time DueTime(const routing::Catalog& catalog, const std::string& category, const std::string& unit,
                       core::Time from) const;

    storage::Store& store_;
    CatalogService& catalog_;
    const core::SlaCalendar& calendar_;
    const PhotoStore& photos_;
    const Clock& clock_;
    Limits limits_;
};

/// The FTS5 query for a user's search words: each folded token as a prefix term, all required.
std::string BuildFtsQuery(std::string_view text);

/// Changes between two versions of a request, as text for the audit trail.
std::vector<core::FieldChange> Diff(const core::Request& before, const core::Request& after);

}  // namespace alo153::app
