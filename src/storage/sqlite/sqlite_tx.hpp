#pragma once

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace alo153::storage::sqlite {

/// Tx over one SQLite connection. The transaction itself (BEGIN/COMMIT, savepoints) is managed by SqliteStore.
class SqliteTx final : public Tx {
  public:
    explicit SqliteTx(Connection& conn) : conn_(conn) {}

    std::vector<core::Unit> ListUnits() override;
    Id InsertUnit(const core::Unit& unit) override;
    void UpdateUnit(const core::Unit& unit) override;
    std::vector<core::Category> ListCategories() override;
    Id InsertCategory(const core::Category& category) override;
    void UpdateCategory(const core::Category& category) override;
    std::vector<core::District> ListDistricts() override;
    void InsertDistrict(const core::District& district) override;
    std::vector<core::Neighbourhood> ListNeighbourhoods() override;
    Id InsertNeighbourhood(const core::Neighbourhood& neighbourhood) override;
    void UpdateNeighbourhood(const core::Neighbourhood& neighbourhood) override;
    std::vector<core::RoutingRule> ListRoutingRules() override;
    Id InsertRoutingRule(const core::RoutingRule& rule) override;
    void UpdateRoutingRule(const core::RoutingRule& rule) override;
    void DeleteRoutingRule(Id id) override;

    std::optional<core::User> FindUser(Id id) override;
    std::optional<core::User> FindUserByName(const std::string& username) override;
    std::vector<core::User> ListUsers() override;
    Id InsertUser(const core::User& user) override;
    void UpdateUser(const core::User& user) override;
    void InsertSession(const core::Session& session) override;
    std::optional<core::Session> FindSession(const std::string& token_hash) override;
    void DeleteSession(const std::string& token_hash) override;
    void DeleteSessionsOf(Id user_id) override;
    int DeleteExpiredSessions(Time now) override;
    Id InsertApiKey(const core::ApiKey& key) override;
    std::optional<core::ApiKey> FindApiKeyByPrefix(const std::string& prefix) override;
    std::vector<core::ApiKey> ListApiKeys() override;
    void RevokeApiKey(Id id, Time at) override;

    std::optional<core::Citizen> FindCitizen(Id id) override;
    std::vector<core::Citizen> FindCitizensByPhone(const std::string& e164) override;
    Id InsertCitizen(const core::Citizen& citizen) override;
    void UpdateCitizen(const core::Citizen& citizen) override;
    void LogPiiAccess(Id user_id, Id citizen_id, Time at, const std::string& reason) override;
    Id InsertContact(const core::Contact& contact) override;
    std::optional<core::Contact> FindContact(Id id) override;
    void UpdateContact(const core::Contact& contact) override;
    std::vector<core::Contact> ListContacts(const ContactFilter& filter) override;

    Id InsertArticle(const core::Article& article, const std::string& folded_title, const std::string& folded_body,
                     const std::string& folded_tags) override;
    void UpdateArticle(const core::Article& article, const std::string& folded_title, const std::string& folded_body,
                       const std::string& folded_tags) override;
    std::optional<core::Article> FindArticle(Id id) override;
    std::vector<core::Article> SearchArticles(const std::vector<std::string>& words, bool include_inactive,
                                              int limit) override;

    std::int64_t NextSequence(const std::string& name) override;
    Id InsertRequest(const core::Request& request) override;
    void UpdateRequest(const core::Request& request) override;
    std::optional<core::Request> FindRequest(Id id) override;
    std::optional<core::Request> FindRequestByNumber(int year, std::int64_t sequence) override;
    std::vector<core::Request> ListRequests(const RequestFilter& filter) override;
    std::int64_t CountRequests(const RequestFilter& filter) override;
    void IndexRequestText(Id request_id, const std::string& body, const std::string& address,
                          const std::string& notes) override;
    std::string IndexedNotes(Id request_id) override;
    Id InsertEvent(const core::Event& event) override;
    std::vector<core::Event> ListEvents(Id request_id) override;
    std::vector<EventFeedRow> ListEventsAfter(Id after, int limit) override;
    std::vector<core::Contact> ListContactsAfter(Id after, int limit) override;
    Id MaxEventId() override;
    Id MaxContactId() override;
    Id InsertPhoto(const core::Photo& photo) override;
    std::vector<core::Photo> ListPhotos(Id request_id) override;
    std::optional<IdempotencyRecord> FindIdempotency(const std::string& principal, const std::string& key) override;
    void InsertIdempotency(const std::string& principal, const std::string& key, const IdempotencyRecord& record,
                           Time at) override;

    std::vector<std::pair<std::string, std::string>> ListServiceTypes() override;
    void InsertServiceType(const std::string& category, const std::string& type) override;
    std::vector<ServiceAttribute> ListServiceAttributes(const std::string& category) override;
    void InsertServiceAttribute(const ServiceAttribute& attribute) override;
    void InsertRequestAttribute(Id request_id, const std::string& code, const std::string& value) override;
    std::vector<std::pair<std::string, std::string>> ListRequestAttributes(Id request_id) override;
    void InsertOpen311Submission(const Open311Submission& submission) override;
    std::optional<Open311Submission> FindOpen311Token(const std::string& token) override;
    std::vector<Open311Submission> ListOpen311Submissions(const std::vector<Id>& request_ids) override;
    std::vector<std::pair<Id, std::string>> LatestPublicAnswers(const std::vector<Id>& request_ids) override;
    std::vector<core::Photo> ListPhotosOf(const std::vector<Id>& request_ids) override;
    std::vector<PublicUpdate> ListPublicEvents(const UpdateFilter& filter) override;

    void BumpRequestRollup(std::int64_t day, const std::string& unit, const std::string& category, core::Status status,
                           std::int64_t delta) override;
    void BumpOpenRollup(const std::string& unit, core::Status status, std::int64_t delta) override;
    void AddResolution(std::int64_t day, const std::string& unit, int bucket, std::int64_t seconds) override;
    void BumpContactRollup(std::int64_t hour, core::Channel channel, const std::string& outcome,
                           std::int64_t delta) override;
    std::vector<RequestCount> RequestCounts(std::int64_t from_day, std::int64_t to_day) override;
    void BumpSuggestionRollup(std::int64_t day, const std::string& category, bool accepted) override;
    std::vector<SuggestionCount> SuggestionCounts(std::int64_t from_day, std::int64_t to_day) override;
    std::vector<Time> RateEventsSince(const std::string& key, Time since, int limit) override;
    void InsertRateEvent(const std::string& key, Time at) override;
    int DeleteRateEventsBefore(const std::string& key, Time before) override;
    void ForEachResolvedText(
        const std::function<void(const std::string& category, const std::string& description)>& visit) override;
    std::vector<UnitCount> OpenCounts() override;
    std::vector<UnitCount> OverdueCounts(Time now) override;
    std::vector<ResolutionBucket> ResolutionBuckets(std::int64_t from_day, std::int64_t to_day) override;
    std::vector<ContactCount> ContactCounts(std::int64_t from_hour, std::int64_t to_hour) override;

  private:
    /// Builds the WHERE clause of a request list and binds it; shared by ListRequests and CountRequests.
    std::string RequestWhere(const RequestFilter& filter, std::vector<std::function<void(Statement&, int)>>& binds,
                             bool with_cursor);

    Connection& conn_;
};

}  // namespace alo153::storage::sqlite
