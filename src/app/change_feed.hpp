#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/clock.hpp"
#include "app/principal.hpp"
#include "core/model.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// Where a reader of the feed stands: the newest request event and contact it has seen, and the position
/// in this process's feed (exact resumption while the process lives; the ids alone resume across restarts).
struct FeedCursor {
    core::Id event_id = 0;
    core::Id contact_id = 0;
    std::uint64_t seq = 0;
};

/// One committed change, as the live-update stream announces it.
struct Change {
    enum class Kind { kRequest, kContact };
    Kind kind = Kind::kRequest;
    FeedCursor cursor;            ///< where a reader stands after this change
    storage::EventFeedRow event;  ///< kRequest: the event and its request now
    core::Contact contact;        ///< kContact: a contact recorded or ended
};
using ChangePtr = std::shared_ptr<const Change>;

/// Whether `who` may learn of `change`: unit roles only of their unit's requests (including a request that
/// was just re-routed away from their unit) and of no calls; other roles of everything.
bool MaySee(const Principal& who, const Change& change);

/// The source of live updates (ARCHITECTURE.md: events are the source of live updates; nothing announced that
/// was not committed, nothing committed left unannounced). A thread tails the `events` and `contacts` tables by
/// id after every commit (the store's commit listener wakes it; it also polls, for writes of other processes)
/// and fans what it finds out to the subscribers, oldest first. Contacts seen while still open are watched
/// until they end, and announced again then. The last `history` changes stay in memory for readers that
/// reconnect. Ids the tail skipped over are looked for again for `gap_grace` (see Options), so a change that
/// commits after a later one is announced late rather than never.
class ChangeFeed {
  public:
    struct Options {
        std::chrono::milliseconds poll_interval{1000};
        std::size_t history = 4096;                   ///< changes kept for reconnecting readers
        int batch = 1000;                             ///< rows read per query
        int backlog_events = 512;                     ///< events loaded at start, so readers resume across a restart
        std::chrono::hours open_contact_horizon{12};  ///< open contacts older than this are no longer watched
        /// How long an id skipped over is looked for again: on a database server, transactions commit out of id
        /// order (id 10 may become visible after 11), so a hole may still fill; one that does not (a rolled-back
        /// insert, a sequence that jumped) is given up after this.
        std::chrono::seconds gap_grace{10};
    };
    using Deliver = std::function<void(const std::vector<ChangePtr>&)>;

    ChangeFeed(storage::Store& store, const Clock& clock, Options options);
    ChangeFeed(storage::Store& store, const Clock& clock) : ChangeFeed(store, clock, Options{}) {}
    ~ChangeFeed();
    ChangeFeed(const ChangeFeed&) = delete;
    ChangeFeed& operator=(const ChangeFeed&) = delete;

    /// Reads where the database stands, hooks onto the store's commits and starts the thread. Idempotent.
    void Start();
    /// Stops the thread and unhooks from the store. Subscribers get nothing more. Idempotent.
    void Stop();

    /// Subscribes `deliver`, called on the feed's thread (or, for the replay, on this one) with each new
    /// group of changes, in order; it must not block and must not call back into the feed. With `from`, the
    /// changes after it still in memory are delivered first; if some changes after `from` may be missing
    /// (older than what is kept in memory, or `from` is not of this database), `on_gap` is called before them:
    /// the reader should reload what it shows. Returns the subscription's id.
    struct Subscription {
        std::uint64_t id = 0;
        bool gap = false;
    };
    Subscription Subscribe(Deliver deliver, std::optional<FeedCursor> from, const std::function<void()>& on_gap = {});
    void Unsubscribe(std::uint64_t id);

    /// The cursor after the newest change (where a new reader without Last-Event-ID starts).
    FeedCursor Head() const;
    /// How many subscribers there are now (open live-update streams).
    std::size_t SubscriberCount() const;

    /// Reads the tables now (normally the thread does this; for tests and tools). Returns the new changes.
    std::vector<ChangePtr> PollOnce();

  private:
    void Run();
    /// Appends to the history and hands `changes` to every subscriber. Called with mutex_ held.
    void PublishLocked(const std::vector<ChangePtr>& changes);

    storage::Store& store_;
    const Clock& clock_;
    const Options options_;

    // The commit listener only touches these, so a commit never waits for subscribers being served.
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool woken_ = false;
    bool stop_thread_ = false;
    std::thread thread_;

    mutable std::mutex mutex_;  ///< the state below and the subscribers
    bool stopping_ = false;
    bool started_ = false;
    std::mutex poll_mutex_;  ///< one reader of the tables at a time

    FeedCursor head_;     ///< after the newest change
    FeedCursor evicted_;  ///< after the newest change no longer in history_
    std::deque<ChangePtr> history_;
    std::map<core::Id, core::Contact> open_contacts_;  ///< seen while open: announced again when they end
    // Ids skipped over by the tail, with when they were first missed (guarded by poll_mutex_).
    std::map<core::Id, core::Time> missing_events_;
    std::map<core::Id, core::Time> missing_contacts_;
    std::map<std::uint64_t, Deliver> subscribers_;
    std::uint64_t next_subscriber_ = 1;
};

}  // namespace alo153::app
