#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "storage/open311_rows.hpp"

namespace alo153::storage {

using core::Id;
using core::Time;

/// Which requests a list returns. Empty vectors and unset optionals mean "any".
struct RequestFilter {
    std::vector<std::string> units;
    std::vector<core::Status> statuses;
    std::vector<std::string> categories;  ///< top-level codes match their sub-categories too
    std::vector<std::string> districts;
    std::vector<core::Channel> channels;
    std::vector<core::RequestType> types;
    std::optional<Time> created_from;  ///< inclusive
    std::optional<Time> created_to;    ///< exclusive
    std::optional<Time> due_before;    ///< open, counting (not on hold), due before this instant
    std::optional<Id> assignee_id;
    std::optional<Id> citizen_id;
    std::optional<Time> updated_from;  ///< exclusive: changed after this instant
    /// A map area: south, west, north, east in degrees (requests without a pin never match).
    struct Box {
        double south = 0;
        double west = 0;
        double north = 0;
        double east = 0;
    };
    std::optional<Box> box;
    /// Folded words (core::FoldedTokens) the request's indexed text must all contain, each as a word prefix.
    /// Each backend builds its own query from them (FTS5 MATCH on SQLite).
    std::vector<std::string> words;
    enum class Order { kNewestFirst, kDueFirst } order = Order::kNewestFirst;
    /// Keyset cursor: the sort key and id of the last row of the previous page.
    std::optional<std::pair<std::int64_t, Id>> after;
    int limit = 50;
    int offset = 0;  ///< rows to skip (numbered pages of the Open311 paging extension; keyset cursors are better)
};

struct ContactFilter {
    std::optional<Id> citizen_id;
    std::string caller_phone;
    std::optional<Id> agent_id;
    std::optional<Time> started_from;
    std::optional<Time> started_to;
    std::optional<Id> before_id;
    int limit = 50;
};

struct IdempotencyRecord {
    std::string body_hash;
    Id request_id = 0;
};

struct RequestCount {
    std::int64_t day = 0;
    std::string unit;
    std::string category;
    core::Status status = core::Status::kNew;
    std::int64_t n = 0;
};
struct UnitCount {
    std::string unit;
    std::string status;
    std::int64_t n = 0;
};
struct ResolutionBucket {
    std::string unit;
    int bucket = 0;
    std::int64_t n = 0;
    std::int64_t total_seconds = 0;
};
struct SuggestionCount {
    std::int64_t day = 0;
    std::string category;  ///< the suggested sub-category
    std::int64_t shown = 0;
    std::int64_t accepted = 0;
};
struct ContactCount {
    std::int64_t hour = 0;
    core::Channel channel = core::Channel::kPhone;
    std::string outcome;  ///< an outcome code, or "open" while the contact is unfinished
    std::int64_t n = 0;
};

/// A committed request event as the live-update feed tells it: the event and its request as it is now.
struct EventFeedRow {
    Id event_id = 0;
    Id request_id = 0;
    Time at{};
    std::string kind;
    std::optional<core::Status> to_status;
    std::string tracking_number;
    core::Status status = core::Status::kNew;  ///< the request's status now
    std::string unit;                          ///< the request's unit now
    std::string category;
    std::string previous_unit;  ///< the unit before the event when the event changed it (a reroute), else ""
};

/// One transaction against the store: every read and write alo153 makes. Write methods are allowed only in
/// transactions obtained through Store::Write. Infrastructure failures throw StorageError; a database server
/// that cannot be reached throws core::UnavailableError (an HTTP 503, not a 500).
class Tx {
  public:
    virtual ~Tx() = default;

    // Catalog.
    virtual std::vector<core::Unit> ListUnits() = 0;
    virtual Id InsertUnit(const core::Unit& unit) = 0;
    virtual void UpdateUnit(const core::Unit& unit) = 0;
    virtual std::vector<core::Category> ListCategories() = 0;
    virtual Id InsertCategory(const core::Category& category) = 0;
    virtual void UpdateCategory(const core::Category& category) = 0;
    virtual std::vector<core::District> ListDistricts() = 0;
    virtual void InsertDistrict(const core::District& district) = 0;
    virtual std::vector<core::Neighbourhood> ListNeighbourhoods() = 0;
    virtual Id InsertNeighbourhood(const core::Neighbourhood& neighbourhood) = 0;
    virtual void UpdateNeighbourhood(const core::Neighbourhood& neighbourhood) = 0;
    virtual std::vector<core::RoutingRule> ListRoutingRules() = 0;
    virtual Id InsertRoutingRule(const core::RoutingRule& rule) = 0;
    virtual void UpdateRoutingRule(const core::RoutingRule& rule) = 0;
    virtual void DeleteRoutingRule(Id id) = 0;

    // Staff, sessions, API keys.
    virtual std::optional<core::User> FindUser(Id id) = 0;
    virtual std::optional<core::User> FindUserByName(const std::string& username) = 0;
    virtual std::vector<core::User> ListUsers() = 0;
    virtual Id InsertUser(const core::User& user) = 0;
    virtual void UpdateUser(const core::User& user) = 0;
    virtual void InsertSession(const core::Session& session) = 0;
    virtual std::optional<core::Session> FindSession(const std::string& token_hash) = 0;
    virtual void DeleteSession(const std::string& token_hash) = 0;
    virtual void DeleteSessionsOf(Id user_id) = 0;
    virtual int DeleteExpiredSessions(Time now) = 0;
    virtual Id InsertApiKey(const core::ApiKey& key) = 0;
    virtual std::optional<core::ApiKey> FindApiKeyByPrefix(const std::string& prefix) = 0;
    virtual std::vector<core::ApiKey> ListApiKeys() = 0;
    virtual void RevokeApiKey(Id id, Time at) = 0;

    // Citizens and contacts.
    virtual std::optional<core::Citizen> FindCitizen(Id id) = 0;
    virtual std::vector<core::Citizen> FindCitizensByPhone(const std::string& e164) = 0;
    virtual Id InsertCitizen(const core::Citizen& citizen) = 0;
    virtual void UpdateCitizen(const core::Citizen& citizen) = 0;
    virtual void LogPiiAccess(Id user_id, Id citizen_id, Time at, const std::string& reason) = 0;
    virtual Id InsertContact(const core::Contact& contact) = 0;
    virtual std::optional<core::Contact> FindContact(Id id) = 0;
    virtual void UpdateContact(const core::Contact& contact) = 0;
    virtual std::vector<core::Contact> ListContacts(const ContactFilter& filter) = 0;

    // Knowledge base. `words` as in RequestFilter::words; none lists articles by title.
    virtual Id InsertArticle(const core::Article& article, const std::string& folded_title,
                             const std::string& folded_body, const std::string& folded_tags) = 0;
    virtual void UpdateArticle(const core::Article& article, const std::string& folded_title,
                               const std::string& folded_body, const std::string& folded_tags) = 0;
    virtual std::optional<core::Article> FindArticle(Id id) = 0;
    virtual std::vector<core::Article> SearchArticles(const std::vector<std::string>& words, bool include_inactive,
                                                      int limit) = 0;

    // Requests and their history.
    /// Next value of a named counter (e.g. the tracking-number sequence of a year), starting at 1.
    virtual std::int64_t NextSequence(const std::string& name) = 0;
    virtual Id InsertRequest(const core::Request& request) = 0;
    virtual void UpdateRequest(const core::Request& request) = 0;
    virtual std::optional<core::Request> FindRequest(Id id) = 0;
    virtual std::optional<core::Request> FindRequestByNumber(int year, std::int64_t sequence) = 0;
    virtual std::vector<core::Request> ListRequests(const RequestFilter& filter) = 0;
    virtual std::int64_t CountRequests(const RequestFilter& filter) = 0;
    /// Sets the folded search text of a request (insert or replace).
    virtual void IndexRequestText(Id request_id, const std::string& body, const std::string& address,
                                  const std::string& notes) = 0;
    virtual std::string IndexedNotes(Id request_id) = 0;
    virtual Id InsertEvent(const core::Event& event) = 0;
    virtual std::vector<core::Event> ListEvents(Id request_id) = 0;
    virtual Id InsertPhoto(const core::Photo& photo) = 0;
    virtual std::vector<core::Photo> ListPhotos(Id request_id) = 0;
    /// Live updates: request events committed after event `after`, oldest first, at most `limit`.
    virtual std::vector<EventFeedRow> ListEventsAfter(Id after, int limit) = 0;
    /// Live updates: contacts recorded after contact `after`, oldest first, at most `limit`.
    virtual std::vector<core::Contact> ListContactsAfter(Id after, int limit) = 0;
    /// The newest event and contact ids (0 when there are none): where a live-update feed starts.
    virtual Id MaxEventId() = 0;
    virtual Id MaxContactId() = 0;
    virtual std::optional<IdempotencyRecord> FindIdempotency(const std::string& principal, const std::string& key) = 0;
    virtual void InsertIdempotency(const std::string& principal, const std::string& key,
                                   const IdempotencyRecord& record, Time at) = 0;

    // Open311: service types, attributes and answers, submissions, the public updates feed.
    /// Sub-categories whose Open311 type is not 'realtime': (category, type).
    virtual std::vector<std::pair<std::string, std::string>> ListServiceTypes() = 0;
    virtual void InsertServiceType(const std::string& category, const std::string& type) = 0;
    /// The attributes of one sub-category (all of them when `category` is empty), in order.
    virtual std::vector<ServiceAttribute> ListServiceAttributes(const std::string& category) = 0;
    virtual void InsertServiceAttribute(const ServiceAttribute& attribute) = 0;
    virtual void InsertRequestAttribute(Id request_id, const std::string& code, const std::string& value) = 0;
    /// (code, value) pairs of a request, by code.
    virtual std::vector<std::pair<std::string, std::string>> ListRequestAttributes(Id request_id) = 0;
    virtual void InsertOpen311Submission(const Open311Submission& submission) = 0;
    virtual std::optional<Open311Submission> FindOpen311Token(const std::string& token) = 0;
    virtual std::vector<Open311Submission> ListOpen311Submissions(const std::vector<Id>& request_ids) = 0;
    /// The latest public answer (resolve, answer or reject text) of each request that has one.
    virtual std::vector<std::pair<Id, std::string>> LatestPublicAnswers(const std::vector<Id>& request_ids) = 0;
    virtual std::vector<core::Photo> ListPhotosOf(const std::vector<Id>& request_ids) = 0;
    virtual std::vector<PublicUpdate> ListPublicEvents(const UpdateFilter& filter) = 0;

    // Rollups (kept in the same transaction as the change they count).
    virtual void BumpRequestRollup(std::int64_t day, const std::string& unit, const std::string& category,
                                   core::Status status, std::int64_t delta) = 0;
    virtual void BumpOpenRollup(const std::string& unit, core::Status status, std::int64_t delta) = 0;
    virtual void AddResolution(std::int64_t day, const std::string& unit, int bucket, std::int64_t seconds) = 0;
    virtual void BumpContactRollup(std::int64_t hour, core::Channel channel, const std::string& outcome,
                                   std::int64_t delta) = 0;
    virtual std::vector<RequestCount> RequestCounts(std::int64_t from_day, std::int64_t to_day) = 0;
    virtual std::vector<UnitCount> OpenCounts() = 0;
    virtual std::vector<UnitCount> OverdueCounts(Time now) = 0;
    virtual std::vector<ResolutionBucket> ResolutionBuckets(std::int64_t from_day, std::int64_t to_day) = 0;
    virtual std::vector<ContactCount> ContactCounts(std::int64_t from_hour, std::int64_t to_hour) = 0;
    /// Counts a suggestion shown at intake (and whether it was accepted) on its creation day.
    virtual void BumpSuggestionRollup(std::int64_t day, const std::string& category, bool accepted) = 0;
    virtual std::vector<SuggestionCount> SuggestionCounts(std::int64_t from_day, std::int64_t to_day) = 0;

    // Rate limits shared by the processes of one database (app/rate_limiter.hpp).
    /// The times of `key`'s events at or after `since`, oldest first, at most `limit`.
    virtual std::vector<Time> RateEventsSince(const std::string& key, Time since, int limit) = 0;
    virtual void InsertRateEvent(const std::string& key, Time at) = 0;
    /// Deletes the events of `key` (every key when empty) before `before`; returns how many.
    virtual int DeleteRateEventsBefore(const std::string& key, Time before) = 0;

    // Classifier training.
    /// Calls `visit(category, description)` for every resolved or closed request (its final category, after
    /// any re-routing), in id order.
    virtual void ForEachResolvedText(
        const std::function<void(const std::string& category, const std::string& description)>& visit) = 0;
};

/// Thrown when the database itself fails (disk full, corrupt file, lock timeout): not an expected outcome.
class StorageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Counters of the write path, for /metrics.
struct WriteStats {
    std::int64_t queue_depth = 0;
    std::int64_t last_batch_size = 0;
    std::int64_t batches = 0;
    std::int64_t jobs = 0;
};

/// The database. Writes are serialised through one writer that commits the jobs arriving together as one
/// transaction (group commit), each job in its own savepoint so one failure does not undo the others.
/// Reads run on their own connections and never wait for the writer.
class Store {
  public:
    virtual ~Store() = default;

    /// Runs `work` in a write transaction and returns its result once it is durably committed. If `work`
    /// returns an error (or throws), its changes are rolled back and nothing of it is written.
    /// `work` may run more than once (a batch is re-run when one of its jobs fails), so it must derive what it
    /// writes from `tx` and its inputs only, never from state an earlier run of itself left behind.
    /// Calling Write inside a write job throws StorageError (it would wait for itself): use the job's `tx`.
    template <typename F>
    auto Write(F&& work) -> std::invoke_result_t<F, Tx&> {
        using R = std::invoke_result_t<F, Tx&>;
        std::optional<R> out;
        core::Result<void> status = WriteErased([&](Tx& tx) -> core::Result<void> {
            out.emplace(work(tx));
            if (!out->ok()) {
                return out->error();
            }
            return core::Ok();
        });
        if (!status.ok() && (!out.has_value() || out->ok())) {
            return status.error();  // the job never ran or its batch failed to commit
        }
        return std::move(*out);
    }

    /// Runs `work` in a read transaction (a consistent snapshot).
    template <typename F>
    auto Read(F&& work) -> std::invoke_result_t<F, Tx&> {
        using R = std::invoke_result_t<F, Tx&>;
        if constexpr (std::is_void_v<R>) {
            ReadErased([&](Tx& tx) { work(tx); });
        } else {
            std::optional<R> out;
            ReadErased([&](Tx& tx) { out.emplace(work(tx)); });
            return std::move(*out);
        }
    }

    virtual WriteStats Stats() const = 0;
    /// Size of the database on disk, in bytes.
    virtual std::int64_t SizeBytes() const = 0;
    /// Whether the database answers a trivial query.
    virtual bool Ping() = 0;
    /// Writes an online, consistent copy of the database to `path`.
    virtual core::Result<void> Backup(const std::string& path) = 0;
    /// Whether several processes may use this database at once (a server database): what a process would
    /// otherwise keep in memory (rate limits) must then be kept in the database.
    virtual bool SharedByProcesses() const { return false; }
    /// The schema version after migration (the number of the backend's migrations applied).
    virtual int SchemaVersion() const = 0;
    /// Runs `work` in one plain transaction outside the write queue. Only for bulk loading before the server
    /// starts (`alo153 demo`), while no Write is in flight. `relaxed` lets the backend skip making each commit
    /// durable for its duration (the load is redone if it is interrupted).
    virtual void BulkLoad(const std::function<void(Tx&)>& work, bool relaxed) = 0;

    /// Calls `listener` after every commit of the writer (the live-update feed wakes up on it). It runs on the
    /// writer thread, so it must return at once and never write. Replaces an earlier one; {} removes it.
    void SetCommitListener(std::function<void()> listener) {
        std::lock_guard lock(commit_listener_mutex_);
        commit_listener_ = std::move(listener);
    }

  protected:
    /// For implementations: tells the commit listener, if any, that a write transaction committed.
    void NotifyCommitted() {
        std::lock_guard lock(commit_listener_mutex_);
        if (commit_listener_) {
            commit_listener_();
        }
    }

    virtual core::Result<void> WriteErased(const std::function<core::Result<void>(Tx&)>& work) = 0;
    virtual void ReadErased(const std::function<void(Tx&)>& work) = 0;

  private:
    std::mutex commit_listener_mutex_;
    std::function<void()> commit_listener_;
};

}  // namespace alo153::storage
