#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/catalog_service.hpp"
#include "app/clock.hpp"
#include "app/photo_store.hpp"
#include "app/principal.hpp"
#include "app/request_common.hpp"
#include "core/model.hpp"
#include "core/sla_calendar.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// What a workflow action may carry, as the client sent it.
struct ActionInput {
    std::string text;                  ///< reason (hold, reject, reopen, reroute) or public answer (resolve)
    std::optional<core::Id> assignee;  ///< assign
    std::string unit;                  ///< reroute: the new unit
    std::string category;              ///< reroute: optionally a corrected category
    std::optional<int> if_match;       ///< the version the client saw
};

/// A citizen's comment on a request, and the request after it (reopened when the comment asked for it).
struct Commented {
    core::Event comment;
    core::Request request;
    bool reopened = false;
};

/// The work on a recorded request: workflow actions (what each does is core/workflow's rule; this service
/// checks who may take it and what needs the database), notes, citizens' comments and photos. Each change is
/// written with its event, its search row and its rollups in one transaction.
class WorkflowService {
  public:
    WorkflowService(storage::Store& store, CatalogService& catalog, const core::SlaCalendar& calendar,
                    const PhotoStore& photos, const Clock& clock, RequestLimits limits);

    /// Takes a workflow action. Errors: kNotFound, kForbidden, kPreconditionFailed (if_match is stale),
    /// kIllegalTransition, kValidation, kUnknownReference (unit, category, assignee).
    core::Result<core::Request> Act(const Principal& who, core::Id id, core::Action action, const ActionInput& input);
    /// Adds an internal note, or a public answer the citizen sees.
    core::Result<core::Event> AddNote(const Principal& who, core::Id id, std::string_view text, bool is_public);
    /// Records a citizen's comment, passed on by another system (a public event of kind "comment"). With
    /// `reopen` ("still not fixed"), a resolved, closed or rejected request is reopened in the same
    /// transaction, as the status machine allows; an open one just gets the comment.
    core::Result<Commented> AddComment(const Principal& who, core::Id id, std::string_view text, bool reopen);
    core::Result<core::Photo> AddPhoto(const Principal& who, core::Id id, std::string_view bytes);

  private:
    storage::Store& store_;
    CatalogService& catalog_;
    const core::SlaCalendar& calendar_;
    const PhotoStore& photos_;
    const Clock& clock_;
    RequestLimits limits_;
};

}  // namespace alo153::app
