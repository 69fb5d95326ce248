// A request's history: events with their field changes (and the tail the live feed reads), photos, idempotency
// keys.
#include "storage/postgres/pg_tx.hpp"

#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kInsertEvent =
    "INSERT INTO events (request_id, at, actor_id, kind, from_status, to_status, is_public, text) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

constexpr const char* kInsertEventChange =
    "INSERT INTO event_changes (event_id, field, before, after) VALUES ($1, $2, $3, $4)";

constexpr const char* kListEvents =
    "SELECT e.id, e.request_id, e.at, e.actor_id, coalesce(u.display_name, ''), e.kind, e.from_status, "
    "e.to_status, e.is_public, e.text FROM events e LEFT JOIN users u ON u.id = e.actor_id "
    "WHERE e.request_id = $1 ORDER BY e.id";

constexpr const char* kListEventChanges =
    "SELECT c.event_id, c.field, c.before, c.after FROM event_changes c JOIN events e ON e.id = c.event_id "
    "WHERE e.request_id = $1 ORDER BY c.id";

constexpr const char* kListEventsAfter =
    "SELECT e.id, e.request_id, e.at, e.kind, e.to_status, r.tracking_number, r.status, r.unit, r.category, "
    "coalesce((SELECT c.before FROM event_changes c WHERE c.event_id = e.id AND c.field = 'unit' LIMIT 1), '') "
    "FROM events e JOIN requests r ON r.id = e.request_id WHERE e.id > $1 ORDER BY e.id LIMIT $2";

constexpr const char* kMaxEventId = "SELECT coalesce(max(id), 0) FROM events";

constexpr const char* kInsertPhoto =
    "INSERT INTO photos (request_id, sha256, content_type, size, created_at, uploaded_by) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

constexpr const char* kListPhotos =
    "SELECT id, request_id, sha256, content_type, size, created_at, uploaded_by FROM photos WHERE request_id = $1 "
    "ORDER BY id";

constexpr const char* kFindIdempotency =
    "SELECT body_hash, request_id FROM idempotency_keys WHERE principal = $1 AND key = $2";

constexpr const char* kInsertIdempotency =
    "INSERT INTO idempotency_keys (principal, key, body_hash, request_id, created_at) VALUES ($1, $2, $3, $4, $5)";

}  // namespace

Id PgTx::InsertEvent(const core::Event& e) {
    auto s = conn_.Prepare(kInsertEvent);
    s.Bind(1, e.request_id).Bind(2, ToUnix(e.at)).Bind(3, e.actor_id).Bind(4, e.kind);
    if (e.from_status) {
        s.Bind(5, core::ToCode(*e.from_status));
    } else {
        s.BindNull(5);
    }
    if (e.to_status) {
        s.Bind(6, core::ToCode(*e.to_status));
    } else {
        s.BindNull(6);
    }
    Id id = s.Bind(7, e.is_public).Bind(8, e.text).RunReturningId();
    for (const auto& c : e.changes) {
        conn_.Prepare(kInsertEventChange).Bind(1, id).Bind(2, c.field).Bind(3, c.before).Bind(4, c.after).Run();
    }
    return id;
}

std::vector<core::Event> PgTx::ListEvents(Id request_id) {
    std::vector<core::Event> out;
    {
        auto s = conn_.Prepare(kListEvents);
        s.Bind(1, request_id);
        while (s.Step()) {
            core::Event e;
            e.id = s.Int(0);
            e.request_id = s.Int(1);
            e.at = FromUnix(s.Int(2));
            e.actor_id = s.OptInt(3);
            e.actor_name = s.Text(4);
            e.kind = s.Text(5);
            if (!s.IsNull(6)) {
                e.from_status = core::ParseStatus(s.Text(6));
            }
            if (!s.IsNull(7)) {
                e.to_status = core::ParseStatus(s.Text(7));
            }
            e.is_public = s.Int(8) != 0;
            e.text = s.Text(9);
            out.push_back(std::move(e));
        }
    }
    auto s = conn_.Prepare(kListEventChanges);
    s.Bind(1, request_id);
    std::size_t at = 0;
    while (s.Step()) {
        Id event_id = s.Int(0);
        while (at < out.size() && out[at].id != event_id) {
            ++at;
        }
        if (at == out.size()) {
            break;
        }
        out[at].changes.push_back({s.Text(1), s.Text(2), s.Text(3)});
    }
    return out;
}

std::vector<EventFeedRow> PgTx::ListEventsAfter(Id after, int limit) {
    auto s = conn_.Prepare(kListEventsAfter);
    s.Bind(1, after).Bind(2, limit);
    std::vector<EventFeedRow> out;
    while (s.Step()) {
        EventFeedRow row;
        row.event_id = s.Int(0);
        row.request_id = s.Int(1);
        row.at = FromUnix(s.Int(2));
        row.kind = s.Text(3);
        if (!s.IsNull(4)) {
            row.to_status = core::ParseStatus(s.Text(4));
        }
        row.tracking_number = s.Text(5);
        row.status = ParseOr(core::ParseStatus, s.Text(6), core::Status::kNew);
        row.unit = s.Text(7);
        row.category = s.Text(8);
        row.previous_unit = s.Text(9);
        out.push_back(std::move(row));
    }
    return out;
}

Id PgTx::MaxEventId() {
    auto s = conn_.Prepare(kMaxEventId);
    return s.Step() ? s.Int(0) : 0;
}

Id PgTx::InsertPhoto(const core::Photo& p) {
    return conn_.Prepare(kInsertPhoto)
        .Bind(1, p.request_id)
        .Bind(2, p.sha256)
        .Bind(3, p.content_type)
        .Bind(4, p.size)
        .Bind(5, ToUnix(p.created_at))
        .Bind(6, p.uploaded_by)
        .RunReturningId();
}

std::vector<core::Photo> PgTx::ListPhotos(Id request_id) {
    std::vector<core::Photo> out;
    auto s = conn_.Prepare(kListPhotos);
    s.Bind(1, request_id);
    while (s.Step()) {
        out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4), FromUnix(s.Int(5)), s.OptInt(6)});
    }
    return out;
}

std::optional<IdempotencyRecord> PgTx::FindIdempotency(const std::string& principal, const std::string& key) {
    auto s = conn_.Prepare(kFindIdempotency);
    s.Bind(1, principal).Bind(2, key);
    if (!s.Step()) {
        return std::nullopt;
    }
    return IdempotencyRecord{s.Text(0), s.Int(1)};
}

void PgTx::InsertIdempotency(const std::string& principal, const std::string& key, const IdempotencyRecord& r,
                             Time at) {
    conn_.Prepare(kInsertIdempotency)
        .Bind(1, principal)
        .Bind(2, key)
        .Bind(3, r.body_hash)
        .Bind(4, r.request_id)
        .Bind(5, ToUnix(at))
        .Run();
}

}  // namespace alo153::storage::postgres
