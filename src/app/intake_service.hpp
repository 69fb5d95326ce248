#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/catalog_service.hpp"
#include "app/clock.hpp"
#include "app/photo_store.hpp"
#include "app/principal.hpp"
#include "app/request_common.hpp"
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

/// Intake: validates, routes and records a new request with its citizen, contact, photos, search row and
/// rollups in one transaction (ARCHITECTURE.md, "app owns transactions").
class IntakeService {
  public:
    IntakeService(storage::Store& store, CatalogService& catalog, const core::SlaCalendar& calendar,
                  const PhotoStore& photos, const Clock& clock, RequestLimits limits);

    /// Validates, routes and records a request. Errors: kValidation, kUnknownReference, kPayloadTooLarge,
    /// kUnsupportedMedia, kConflict (an Idempotency-Key reused for a different request).
    core::Result<Created> Create(const Principal& who, CreateRequest command);
    /// A request a citizen files on the public portal, without an account: channel web, the citizen's phone
    /// and KVKK consent required, no existing citizen or contact referenced. Otherwise as Create.
    core::Result<Created> CreateFromPortal(CreateRequest command);

  private:
    /// Create after the caller's right to create has been checked.
    core::Result<Created> Record(const Principal& who, CreateRequest c);
    core::Result<void> Validate(CreateRequest& c, const routing::Catalog& catalog) const;

    storage::Store& store_;
    CatalogService& catalog_;
    const core::SlaCalendar& calendar_;
    const PhotoStore& photos_;
    const Clock& clock_;
    RequestLimits limits_;
};

}  // namespace alo153::app
