#include "app/application.hpp"

#include <sodium.h>

#include <filesystem>
#include <stdexcept>

#include "app/seed.hpp"
#include "app/tsv.hpp"
#include "storage/open_store.hpp"

namespace alo153::app {

Application::Application(AppConfig config, const Clock& clock) : config_(std::move(config)), clock_(clock) {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
    // Files kept beside the database: beside the SQLite file, or in var/ for a database server.
    const auto file = storage::SqliteFileOf(config_.database_url);
    const std::filesystem::path data_dir =
        file ? std::filesystem::path(*file).parent_path() : std::filesystem::path("var");
    if (!data_dir.empty()) {
        std::filesystem::create_directories(data_dir);
    }
    if (config_.photo_dir.empty()) {
        config_.photo_dir = (data_dir / "photos").string();
    }
    if (config_.classifier_model.empty()) {
        config_.classifier_model = (data_dir / "classifier.ftz").string();
    }
    auto opened = storage::OpenStore({config_.database_url, config_.read_connections});
    if (!opened.ok()) {
        throw std::runtime_error(opened.error().detail);
    }
    store_ = std::move(opened).value();
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
