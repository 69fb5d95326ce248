#include "app/change_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>

namespace alo153::app {

namespace {

/// Everything after `after`, read page by page of `batch` rows: `page(after, batch)` lists rows in id order and
/// `id_of` gives a row's id, the next page's start.
template <typename PageFn, typename IdFn>
auto ReadAllAfter(core::Id after, int batch, PageFn page, IdFn id_of) {
    decltype(page(after, batch)) all;
    while (true) {
        auto rows = page(after, batch);
        const bool full = static_cast<int>(rows.size()) == batch;
        if (!rows.empty()) {
            after = id_of(rows.back());
        }
        std::move(rows.begin(), rows.end(), std::back_inserter(all));
        if (!full) {
            return all;
        }
    }
}

/// Of the ids in `missing`, the rows that are there now: one range read when they are close together, else one
/// read per id. `page(after, n)` lists up to n rows after `after` in id order.
template <typename PageFn, typename IdFn>
auto ReadMissing(const std::map<core::Id, core::Time>& missing, PageFn page, IdFn id_of) {
    decltype(page(0, 1)) found;
    if (missing.empty()) {
        return found;
    }
    auto keep = [&](auto rows) {
        for (auto& row : rows) {
            if (missing.count(id_of(row)) != 0) {
                found.push_back(std::move(row));
            }
        }
    };
    const core::Id low = missing.begin()->first;
    const core::Id high = missing.rbegin()->first;
    if (high - low < 1024) {
        keep(page(low - 1, static_cast<int>(high - low + 1)));
    } else {
        for (const auto& [id, since] : missing) {
            keep(page(id - 1, 1));
        }
    }
    return found;
}

/// Notes the ids between `from` and `to` (both exclusive) as missing since `now`. A jump of more than 10,000
/// (a sequence moved on by hand) is not a hole that can fill.
void NoteMissing(std::map<core::Id, core::Time>& missing, core::Id from, core::Id to, core::Time now) {
    if (to - from > 10'000) {
        return;
    }
    for (core::Id id = from + 1; id < to; ++id) {
        missing.emplace(id, now);
    }
}

}  // namespace

bool MaySee(const Principal& who, const Change& change) {
    if (change.kind == Change::Kind::kContact) {
        return !who.IsUnitRole();  // calls are the call center's business
    }
    if (who.IsUnitRole()) {
        // Like CanSee, and also the event that takes a request away from the unit (its inbox must drop it).
        return !who.unit.empty() && (change.event.unit == who.unit || change.event.previous_unit == who.unit);
    }
    return true;
}

ChangeFeed::ChangeFeed(storage::Store& store, const Clock& clock, Options options)
    : store_(store), clock_(clock), options_(options) {}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Start() {
    {
        std::lock_guard lock(mutex_);
        if (started_) {
            return;
        }
        started_ = true;
        stopping_ = false;
    }
    {
        std::lock_guard lock(wake_mutex_);
        stop_thread_ = false;
        woken_ = false;
    }
    const core::Time now = clock_.Now();
    struct Start {
        core::Id max_event = 0;
        core::Id max_contact = 0;
        std::vector<storage::EventFeedRow> backlog;
        std::vector<core::Contact> recent_contacts;
    };
    Start start = store_.Read([&](storage::Tx& tx) {
        Start s;
        s.max_event = tx.MaxEventId();
        s.max_contact = tx.MaxContactId();
        s.backlog =
            tx.ListEventsAfter(std::max<core::Id>(0, s.max_event - options_.backlog_events), options_.backlog_events);
        storage::ContactFilter recent;
        recent.started_from = now - options_.open_contact_horizon;
        recent.limit = 10000;
        s.recent_contacts = tx.ListContacts(recent);
        return s;
    });
    {
        std::lock_guard lock(mutex_);
        FeedCursor cursor{start.backlog.empty() ? start.max_event : start.backlog.front().event_id - 1,
                          start.max_contact, 0};
        evicted_ = cursor;
        for (auto& row : start.backlog) {
            auto change = std::make_shared<Change>();
            change->kind = Change::Kind::kRequest;
            cursor.event_id = row.event_id;
            cursor.seq += 1;
            change->cursor = cursor;
            change->event = std::move(row);
            history_.push_back(std::move(change));
        }
        head_ = {start.max_event, start.max_contact, cursor.seq};
        for (auto& c : start.recent_contacts) {
            if (!c.ended_at) {
                open_contacts_.emplace(c.id, std::move(c));
            }
        }
    }
    store_.SetCommitListener([this] {
        {
            std::lock_guard lock(wake_mutex_);
            woken_ = true;
        }
        wake_.notify_one();
    });
    thread_ = std::thread([this] { Run(); });
}

void ChangeFeed::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (!started_ || stopping_) {
            return;
        }
        stopping_ = true;
        subscribers_.clear();
    }
    store_.SetCommitListener({});
    {
        std::lock_guard lock(wake_mutex_);
        stop_thread_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void ChangeFeed::Run() {
    for (;;) {
        {
            std::unique_lock lock(wake_mutex_);
            // Woken by a commit of this process; the timeout also finds what other processes committed.
            wake_.wait_for(lock, options_.poll_interval, [this] { return woken_ || stop_thread_; });
            if (stop_thread_) {
                return;
            }
            woken_ = false;
        }
        try {
            PollOnce();
        } catch (const std::exception& e) {
            spdlog::error("live-update feed: reading the changes failed: {}", e.what());
        }
    }
}

std::vector<ChangePtr> ChangeFeed::PollOnce() {
    std::lock_guard poll_lock(poll_mutex_);
    FeedCursor cursor;
    std::vector<core::Id> watched;
    {
        std::lock_guard lock(mutex_);
        cursor = head_;
        for (const auto& [id, contact] : open_contacts_) {
            watched.push_back(id);
        }
    }
    struct Found {
        std::vector<storage::EventFeedRow> events;
        std::vector<core::Contact> contacts;
        std::vector<core::Contact> watched;
        std::vector<storage::EventFeedRow> late_events;  ///< ids skipped earlier that are there now
        std::vector<core::Contact> late_contacts;
    };
    // One snapshot for everything, so a contact ended and a later one recorded are seen together.
    Found found = store_.Read([&](storage::Tx& tx) {
        Found f;
        f.events = ReadAllAfter(
            cursor.event_id, options_.batch, [&](core::Id after, int n) { return tx.ListEventsAfter(after, n); },
            [](const storage::EventFeedRow& row) { return row.event_id; });
        f.contacts = ReadAllAfter(
            cursor.contact_id, options_.batch, [&](core::Id after, int n) { return tx.ListContactsAfter(after, n); },
            [](const core::Contact& c) { return c.id; });
        for (core::Id id : watched) {
            if (auto c = tx.FindContact(id)) {
                f.watched.push_back(std::move(*c));
            }
        }
        f.late_events = ReadMissing(
            missing_events_, [&](core::Id after, int n) { return tx.ListEventsAfter(after, n); },
            [](const storage::EventFeedRow& row) { return row.event_id; });
        f.late_contacts = ReadMissing(
            missing_contacts_, [&](core::Id after, int n) { return tx.ListContactsAfter(after, n); },
            [](const core::Contact& c) { return c.id; });
        return f;
    });
    const core::Time now = clock_.Now();
    for (const auto& row : found.late_events) {
        missing_events_.erase(row.event_id);
    }
    for (const auto& c : found.late_contacts) {
        missing_contacts_.erase(c.id);
    }
    // Late ones first: they are older than what the tail found now.
    found.events.insert(found.events.begin(), std::make_move_iterator(found.late_events.begin()),
                        std::make_move_iterator(found.late_events.end()));
    found.contacts.insert(found.contacts.begin(), std::make_move_iterator(found.late_contacts.begin()),
                          std::make_move_iterator(found.late_contacts.end()));

    std::vector<ChangePtr> changes;
    std::vector<core::Contact> now_open;
    std::vector<core::Id> now_ended;
    for (auto& row : found.events) {
        auto change = std::make_shared<Change>();
        change->kind = Change::Kind::kRequest;
        if (row.event_id > cursor.event_id) {
            NoteMissing(missing_events_, cursor.event_id, row.event_id, now);
            cursor.event_id = row.event_id;
        }
        cursor.seq += 1;
        change->cursor = cursor;
        change->event = std::move(row);
        changes.push_back(std::move(change));
    }
    for (auto& contact : found.watched) {
        if (contact.ended_at) {
            now_ended.push_back(contact.id);
            auto change = std::make_shared<Change>();
            change->kind = Change::Kind::kContact;
            cursor.seq += 1;
            change->cursor = cursor;
            change->contact = std::move(contact);
            changes.push_back(std::move(change));
        }
    }
    for (auto& contact : found.contacts) {
        if (!contact.ended_at) {
            now_open.push_back(contact);
        }
        auto change = std::make_shared<Change>();
        change->kind = Change::Kind::kContact;
        if (contact.id > cursor.contact_id) {
            NoteMissing(missing_contacts_, cursor.contact_id, contact.id, now);
            cursor.contact_id = contact.id;
        }
        cursor.seq += 1;
        change->cursor = cursor;
        change->contact = std::move(contact);
        changes.push_back(std::move(change));
    }

    const auto given_up = [&](const auto& entry) { return now - entry.second > options_.gap_grace; };
    std::erase_if(missing_events_, given_up);
    std::erase_if(missing_contacts_, given_up);
    const core::Time horizon = now - options_.open_contact_horizon;
    std::lock_guard lock(mutex_);
    for (core::Id id : now_ended) {
        open_contacts_.erase(id);
    }
    for (auto& contact : now_open) {
        open_contacts_.emplace(contact.id, std::move(contact));
    }
    std::erase_if(open_contacts_, [&](const auto& entry) { return entry.second.started_at < horizon; });
    head_ = cursor;
    if (!changes.empty()) {
        PublishLocked(changes);
    }
    return changes;
}

void ChangeFeed::PublishLocked(const std::vector<ChangePtr>& changes) {
    for (const auto& change : changes) {
        history_.push_back(change);
    }
    while (history_.size() > options_.history) {
        evicted_ = history_.front()->cursor;
        history_.pop_front();
    }
    for (const auto& [id, deliver] : subscribers_) {
        deliver(changes);
    }
}

ChangeFeed::Subscription ChangeFeed::Subscribe(Deliver deliver, std::optional<FeedCursor> from,
                                               const std::function<void()>& on_gap) {
    std::lock_guard lock(mutex_);
    Subscription sub{next_subscriber_++, false};
    if (from) {
        std::vector<ChangePtr> replay;
        // Exactly where this process left the reader, when that change is still in memory.
        auto it = std::find_if(history_.begin(), history_.end(), [&](const ChangePtr& c) {
            return c->cursor.seq == from->seq && c->cursor.event_id == from->event_id &&
                   c->cursor.contact_id == from->contact_id;
        });
        if (it != history_.end()) {
            replay.assign(std::next(it), history_.end());
        } else if (from->event_id > head_.event_id || from->contact_id > head_.contact_id) {
            sub.gap = true;  // a cursor of another database (or a restored one): the reader must reload
        } else {
            // By the ids (another process of this database, or a reader that is behind): whatever is newer.
            sub.gap = from->event_id < evicted_.event_id || from->contact_id < evicted_.contact_id;
            // After a gap the reader reloads everything; replaying a part would only cost it time.
            if (!sub.gap) {
                auto first = std::find_if(history_.begin(), history_.end(), [&](const ChangePtr& c) {
                    return c->cursor.event_id > from->event_id || c->cursor.contact_id > from->contact_id;
                });
                replay.assign(first, history_.end());
            }
        }
        if (sub.gap && on_gap) {
            on_gap();
        }
        if (!replay.empty()) {
            deliver(replay);
        }
    }
    if (!stopping_) {
        subscribers_.emplace(sub.id, std::move(deliver));
    }
    return sub;
}

void ChangeFeed::Unsubscribe(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    subscribers_.erase(id);
}

FeedCursor ChangeFeed::Head() const {
    std::lock_guard lock(mutex_);
    return head_;
}

std::size_t ChangeFeed::SubscriberCount() const {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

}  // namespace alo153::app
