#include "app/workflow_service.hpp"

#include "app/rollups.hpp"
#include "core/status_machine.hpp"
#include "core/validation.hpp"
#include "core/workflow.hpp"

namespace alo153::app {

using core::Action;
using core::ErrorCode;
using core::MakeError;

WorkflowService::WorkflowService(storage::Store& store, CatalogService& catalog, const core::SlaCalendar& calendar,
                                 const PhotoStore& photos, const Clock& clock, RequestLimits limits)
    : store_(store), catalog_(catalog), calendar_(calendar), photos_(photos), clock_(clock), limits_(limits) {}

core::Result<core::Request> WorkflowService::Act(const Principal& who, core::Id id, Action action,
                                                 const ActionInput& input) {
    auto catalog = catalog_.Current();
    const bool needs_text = core::ActionNeedsText(action);
    core::ActionArgs args{.at = clock_.Now(),
                          .actor_id = who.UserId(),
                          .assignee = input.assignee,
                          .unit = input.unit,
                          .category = input.category};
    if (needs_text || !input.text.empty()) {
        auto clean = core::CleanText(input.text, action == Action::kResolve ? "answer" : "reason", limits_.note_chars,
                                     needs_text);
        ALO153_TRY(clean);
        args.text = *clean;
    }
    if (action == Action::kReroute) {
        const core::Unit* unit = catalog->FindUnit(input.unit);
        if (unit == nullptr || !unit->active) {
            return MakeError(ErrorCode::kUnknownReference, "Birim bulunamadı: " + input.unit, "unit");
        }
        if (!input.category.empty()) {
            const core::Category* c = catalog->FindCategory(input.category);
            if (c == nullptr || !c->active || c->IsTopLevel()) {
                return MakeError(ErrorCode::kUnknownReference, "Alt konu bulunamadı: " + input.category, "category");
            }
        }
    }
    if (action == Action::kAssign && !input.assignee) {
        return MakeError(ErrorCode::kValidation, "Atanacak personel zorunludur.", "assignee_id");
    }
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Request> {
        auto found = FindVisible(tx, who, id);
        ALO153_TRY(found);
        if (!MayAct(who, action)) {
            return MakeError(ErrorCode::kForbidden, "Bu işlem için yetkiniz yok.");
        }
        if (input.if_match && *input.if_match != found->version) {
            return MakeError(ErrorCode::kPreconditionFailed,
                             "Başvuru siz görüntüledikten sonra değişmiş; lütfen yenileyip tekrar deneyin.");
        }
        if (action == Action::kAssign) {
            // The status decides first: assigning a closed request is an illegal step whoever the assignee.
            ALO153_TRY(core::NextStatus(found->status, action));
            auto user = tx.FindUser(*input.assignee);
            if (!user || !user->active || user->unit != found->unit) {
                return MakeError(ErrorCode::kUnknownReference, "Bu birimde böyle bir personel yok.", "assignee_id");
            }
            if (who.role == core::Role::kUnitStaff && user->id != who.id) {
                return MakeError(ErrorCode::kForbidden, "Birim personeli yalnızca kendine atama yapabilir.");
            }
        }
        auto step = core::ApplyAction(*found, action, args, calendar_, SlaTermsFrom(*catalog));
        ALO153_TRY(step);
        tx.UpdateRequest(step->request);
        tx.InsertEvent(step->event);
        if (!args.text.empty()) {
            ReindexRequest(tx, step->request, args.text);
        }
        CountChanged(tx, *found, step->request);
        return step->request;
    });
}

core::Result<core::Event> WorkflowService::AddNote(const Principal& who, core::Id id, std::string_view text,
                                                   bool is_public) {
    auto clean = core::CleanText(text, "text", limits_.note_chars, true);
    ALO153_TRY(clean);
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Event> {
        auto r = FindVisible(tx, who, id);
        ALO153_TRY(r);
        if (is_public && who.role == core::Role::kAgent) {
            return MakeError(ErrorCode::kForbidden, "Kamuya açık yanıtı birim personeli verir.");
        }
        core::Event e{.request_id = id,
                      .at = now,
                      .actor_id = who.UserId(),
                      .kind = is_public ? "answer" : "note",
                      .is_public = is_public,
                      .text = *clean};
        e.id = tx.InsertEvent(e);
        e.actor_name = who.name;
        ReindexRequest(tx, *r, *clean);
        core::Request updated = *r;
        updated.updated_at = now;
        tx.UpdateRequest(updated);
        return e;
    });
}

core::Result<Commented> WorkflowService::AddComment(const Principal& who, core::Id id, std::string_view text,
                                                    bool reopen) {
    auto clean = core::CleanText(text, "description", limits_.note_chars, true);
    ALO153_TRY(clean);
    auto catalog = catalog_.Current();
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<Commented> {
        auto found = FindVisible(tx, who, id);
        ALO153_TRY(found);
        Commented out;
        out.comment = {.request_id = id,
                       .at = now,
                       .actor_id = who.UserId(),
                       .kind = "comment",
                       .is_public = true,
                       .text = *clean};
        out.comment.id = tx.InsertEvent(out.comment);
        out.request = *found;
        if (reopen && MayAct(who, Action::kReopen)) {
            // "Still not fixed": the reopen action, when the status allows it (an open request just gets the
            // comment).
            auto step =
                core::ApplyAction(*found, Action::kReopen,
                                  {.at = now, .actor_id = who.UserId(), .text = "Vatandaş sorunun sürdüğünü bildirdi."},
                                  calendar_, SlaTermsFrom(*catalog));
            if (step.ok()) {
                out.request = step->request;
                out.reopened = true;
                tx.UpdateRequest(out.request);
                tx.InsertEvent(step->event);
                CountChanged(tx, *found, out.request);
            }
        }
        if (!out.reopened) {
            out.request.updated_at = now;
            tx.UpdateRequest(out.request);
        }
        ReindexRequest(tx, out.request, *clean);
        return out;
    });
}

core::Result<core::Photo> WorkflowService::AddPhoto(const Principal& who, core::Id id, std::string_view bytes) {
    ALO153_TRY(store_.Read([&](storage::Tx& tx) { return FindVisible(tx, who, id); }));
    auto stored = photos_.Save(bytes);
    ALO153_TRY(stored);
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Photo> {
        ALO153_TRY(FindVisible(tx, who, id));
        if (tx.ListPhotos(id).size() >= limits_.max_photos * 4) {
            return MakeError(ErrorCode::kValidation, "Bu başvuruya daha fazla fotoğraf eklenemez.", "photo");
        }
        core::Photo p{.request_id = id,
                      .sha256 = stored->sha256,
                      .content_type = stored->content_type,
                      .size = stored->size,
                      .created_at = now,
                      .uploaded_by = who.UserId()};
        p.id = tx.InsertPhoto(p);
        tx.InsertEvent(
            {.request_id = id, .at = now, .actor_id = who.UserId(), .kind = "photo_added", .text = stored->sha256});
        return p;
    });
}

}  // namespace alo153::app
