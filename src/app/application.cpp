#include "app/application.hpp"

#include <sodium.h>

#include <filesystem>
#include <stdexcept>

#include "app/seed.hpp"
#include "app/tsv.hpp"

namespace alo153::app {

Application::Application(AppConfig config, const Clock& clock) : config_(std::move(config)), clock_(clock) {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
    std::filesystem::path db(config_.db_path);
    if (db.has_parent_path()) {
        std::filesystem::create_directories(db.parent_path());
    }
    if (config_.photo_dir.empty()) {
        config_.photo_dir =
            (db.has_parent_path() ? db.parent_path() / "photos" : std::filesystem::path("photos")).string();
    }
    if (config_.classifier_model.empty()) {
        config_.classifier_model =
            (db.has_parent_path() ? db.parent_path() / "classifier.ftz" : std::filesystem::path("classifier.ftz"))
                .string();
    }
    store_ = std::make_unique<storage::sqlite::SqliteStore>(
        storage::sqlite::SqliteOptions{config_.db_path, config_.read_connections, 512});
    auto seeded = store_->Write([&](storage::Tx& tx) -> core::Result<void> {
        if (!IsSeeded(tx)) {
            ALO153_TRY(LoadSeed(tx, clock_.Now()));
        }
        if (!IsOpen311Seeded(tx)) {
            ALO153_TRY(LoadOpen311Seed(tx));
        }
        return core::Ok();
    });
    if (!seeded.ok()) {
        throw std::runtime_error("seed data: " + seeded.error().detail);
    }
    auto holidays = core::HolidayTable::Parse(EmbeddedDataFile("holidays-tr.tsv"));
    if (!holidays.ok()) {
        throw std::runtime_error("holidays-tr.tsv: " + holidays.error().detail);
    }
    calendar_ = std::make_unique<core::SlaCalendar>(std::move(holidays).value());
    photos_ = std::make_unique<PhotoStore>(config_.photo_dir, config_.photo_max_bytes);
    catalog_ = std::make_unique<CatalogService>(*store_);
    auth_ = std::make_unique<AuthService>(*store_, clock_, config_.session_ttl);
    staff_ = std::make_unique<StaffAdmin>(*auth_, *catalog_);
    intake_ = std::make_unique<IntakeService>(*store_, *catalog_, *calendar_, *photos_, clock_, config_.limits);
    workflow_ = std::make_unique<WorkflowService>(*store_, *catalog_, *calendar_, *photos_, clock_, config_.limits);
    queries_ = std::make_unique<RequestQueries>(*store_);
    citizens_ = std::make_unique<CitizenService>(*store_, clock_);
    contacts_ = std::make_unique<ContactService>(*store_, clock_);
    articles_ = std::make_unique<KnowledgeBase>(*store_, *catalog_, clock_);
    stats_ = std::make_unique<StatsService>(*store_, clock_);
    classifier_ = std::make_unique<ClassifierService>(
        *store_, *catalog_, ClassifierConfig{config_.classifier_model, config_.classifier_reload_check, {}});
    open311_ = std::make_unique<Open311Service>(*store_, *catalog_, *intake_, *workflow_, *photos_, clock_);
    feed_ = std::make_unique<ChangeFeed>(*store_, clock_);
}

std::vector<DemoLogin> DemoLogins() {
    return {
        {"admin", "admin", ""},
        {"amir", "supervisor", ""},
        {"cagri1", "agent", ""},
        {"cagri2", "agent", ""},
        {"saski.personel", "unit_staff", "SASKI"},
        {"saski.mudur", "unit_manager", "SASKI"},
        {"fen.personel", "unit_staff", "FEN"},
        {"zabita.personel", "unit_staff", "ZABITA"},
        {"park.personel", "unit_staff", "PARK"},
        {"ulasim.personel", "unit_staff", "ULASIM"},
        {"ilkadim.personel", "unit_staff", "ILCE_ILKADIM"},
        {"atakum.personel", "unit_staff", "ILCE_ATAKUM"},
        {"atakum.mudur", "unit_manager", "ILCE_ATAKUM"},
    };
}

core::Result<void> CreateDemoStaff(AuthService& auth) {
    const std::vector<std::string> names = {"Ayşe Yılmaz (Yönetici)",
                                            "Mehmet Kaya (Vardiya Amiri)",
                                            "Zeynep Demir",
                                            "Emre Çelik",
                                            "Hasan Şahin",
                                            "Fatma Öztürk",
                                            "Ali Aydın",
                                            "Elif Arslan",
                                            "Mustafa Doğan",
                                            "Selin Koç",
                                            "Murat Kurt",
                                            "Gül Aksoy",
                                            "Burak Polat"};
    auto logins = DemoLogins();
    auto existing = auth.ListUsers();
    for (std::size_t i = 0; i < logins.size(); ++i) {
        bool exists = false;
        for (const auto& u : existing) {
            exists = exists || u.username == logins[i].username;
        }
        if (exists) {
            continue;
        }
        auto added = auth.AddUser(logins[i].username, names[i % names.size()], *core::ParseRole(logins[i].role),
                                  logins[i].unit, kDemoPassword);
        if (!added.ok()) {
            return added.error();
        }
    }
    return core::Ok();
}

}  // namespace alo153::app
