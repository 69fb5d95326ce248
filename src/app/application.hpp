#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "app/auth_service.hpp"
#include "app/catalog_service.hpp"
#include "app/change_feed.hpp"
#include "app/citizen_service.hpp"
#include "app/classifier_service.hpp"
#include "app/clock.hpp"
#include "app/contact_service.hpp"
#include "app/intake_service.hpp"
#include "app/knowledge_base.hpp"
#include "app/open311_service.hpp"
#include "app/photo_store.hpp"
#include "app/request_queries.hpp"
#include "app/staff_admin.hpp"
#include "app/stats_service.hpp"
#include "app/workflow_service.hpp"
#include "core/sla_calendar.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// What the application layer needs to know (a part of the program's configuration).
struct AppConfig {
    /// The database (storage::OpenStore): "sqlite:<file>" or a plain file path (the embedded default), or
    /// "postgresql://user@host:port/db".
    std::string database_url = "sqlite:var/alo153.db";
    std::string photo_dir;  ///< empty: "photos" beside the SQLite file (or in var/ for a database server)
    int read_connections = 4;
    std::size_t photo_max_bytes = 8 * 1024 * 1024;
    std::chrono::seconds session_ttl{12 * 3600};
    RequestLimits limits;
    std::string classifier_model;  ///< empty: "classifier.ftz" beside photos/
    std::chrono::seconds classifier_reload_check{5};
};

/// The object graph of the use cases, built in one place (STYLE.md, "wire once"): the store, the catalog,
/// the SLA calendar and every service, each handed its dependencies.
class Application {
  public:
    /// Opens (creating and migrating) the database and loads the seed catalog into an empty one.
    Application(AppConfig config, const Clock& clock);

    storage::Store& Store() { return *store_; }
    const core::SlaCalendar& Calendar() const { return *calendar_; }
    CatalogService& Catalog() { return *catalog_; }
    AuthService& Auth() { return *auth_; }
    StaffAdmin& Staff() { return *staff_; }
    IntakeService& Intake() { return *intake_; }
    WorkflowService& Workflow() { return *workflow_; }
    RequestQueries& Queries() { return *queries_; }
    CitizenService& Citizens() { return *citizens_; }
    ContactService& Contacts() { return *contacts_; }
    KnowledgeBase& Articles() { return *articles_; }
    StatsService& Stats() { return *stats_; }
    ClassifierService& Classifier() { return *classifier_; }
    Open311Service& Open311() { return *open311_; }
    /// The live-update feed (started by the server that streams it).
    ChangeFeed& Feed() { return *feed_; }
    const PhotoStore& Photos() const { return *photos_; }
    const Clock& GetClock() const { return clock_; }
    const AppConfig& Config() const { return config_; }

  private:
    AppConfig config_;
    const Clock& clock_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<core::SlaCalendar> calendar_;
    std::unique_ptr<PhotoStore> photos_;
    std::unique_ptr<CatalogService> catalog_;
    std::unique_ptr<AuthService> auth_;
    std::unique_ptr<StaffAdmin> staff_;
    std::unique_ptr<IntakeService> intake_;
    std::unique_ptr<WorkflowService> workflow_;
    std::unique_ptr<RequestQueries> queries_;
    std::unique_ptr<CitizenService> citizens_;
    std::unique_ptr<ContactService> contacts_;
    std::unique_ptr<KnowledgeBase> articles_;
    std::unique_ptr<StatsService> stats_;
    std::unique_ptr<ClassifierService> classifier_;
    std::unique_ptr<Open311Service> open311_;
    std::unique_ptr<ChangeFeed> feed_;
};

/// The demo staff accounts (one per role and several units), created only in a demo database.
struct DemoLogin {
    std::string username;
    std::string role;
    std::string unit;
};
inline constexpr const char* kDemoPassword = "alo153-demo";
std::vector<DemoLogin> DemoLogins();
/// Creates the demo staff accounts that do not exist yet.
core::Result<void> CreateDemoStaff(AuthService& auth);

}  // namespace alo153::app
