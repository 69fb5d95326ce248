#include "app/demo/planner.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "app/clock.hpp"
#include "app/demo/arrivals.hpp"
#include "app/request_common.hpp"
#include "core/tc_kimlik.hpp"
#include "core/turkish_fold.hpp"
#include "core/workflow.hpp"
#include "routing/rule_engine.hpp"

namespace alo153::app::demo {

using core::Action;
using core::Status;

class Planner::Impl {
  public:
    Impl(const World& world, const core::SlaCalendar& calendar, const DemoOptions& options, std::int64_t start,
         std::int64_t end)
        : world_(world),
          calendar_(calendar),
          options_(options),
          end_(end),
          rng_(options.seed),
          times_(start, end, options.requests, world, calendar.holidays(), options.seed),
          pool_size_(std::max<std::int64_t>(1, options.requests / 3)),
          pool_home_(static_cast<std::size_t>(pool_size_), 0),
          previous_(start),
          sla_(SlaTermsFrom(*world.catalog)) {
        route_cache_.assign(world.categories.size() * world.districts.size() * 10 * 6, -1);
    }

    std::int64_t PoolSize() const { return pool_size_; }

    void Fill(DemoBatch& batch, std::size_t count) {
        if (batch.items.size() < count) {
            batch.items.resize(count);
        }
        rollups_ = &batch.rollups;
        for (std::size_t i = 0; i < count; ++i) {
            PlanOne(batch.items[i]);
        }
        batch.count = count;
    }

  private:
    struct Route {
        int unit = 0;
        core::Priority priority = core::Priority::kNormal;
        std::optional<Id> rule_id;
        std::string reason;
    };

    const Route* RouteFor(std::size_t category, std::size_t district, core::Channel channel, core::RequestType type) {
        std::size_t key =
            ((category * world_.districts.size() + district) * 10 + static_cast<std::size_t>(channel)) * 6 +
            static_cast<std::size_t>(type);
        int& slot = route_cache_[key];
        if (slot == -1) {
            auto decision = routing::Route(*world_.catalog, {world_.categories[category].category->code,
                                                             world_.districts[district].district->code, channel, type});
            auto unit = decision.ok() ? world_.unit_index.find(decision->unit) : world_.unit_index.end();
            if (unit == world_.unit_index.end()) {
                slot = -2;
            } else {
                slot = static_cast<int>(routes_.size());
                routes_.push_back({unit->second, decision->priority, decision->rule_id, decision->reason});
            }
        }
        return slot >= 0 ? &routes_[static_cast<std::size_t>(slot)] : nullptr;
    }

    std::string Phone(std::uint64_t bits) const {
        static constexpr std::array<char, 4> kOperators = {'0', '3', '4', '5'};  // 50x, 53x, 54x, 55x
        std::string phone = "+905";
        phone += kOperators[bits % 4];
        bits /= 4;
        for (int i = 0; i < 8; ++i) {
            phone += static_cast<char>('0' + bits % 10);
            bits /= 10;
        }
        return phone;
    }
    std::string PoolPhone(std::int64_t pool) const {
        return Phone(Mix(options_.seed, 1, static_cast<std::uint64_t>(pool)));
    }
    /// A pool citizen: frequent callers have low numbers, so repeat callers are common.
    std::int64_t PickPool() {
        auto pool = static_cast<std::int64_t>(static_cast<double>(pool_size_) * std::pow(rng_.Uniform(), 1.3));
        return std::min(pool, pool_size_ - 1);
    }

    void MakeCitizen(DemoItem& item, std::int64_t pool, std::size_t district, std::int64_t at) {
        const auto p = static_cast<std::uint64_t>(pool);
        core::Citizen& c = item.citizen;
        c = core::Citizen{};
        c.phone = PoolPhone(pool);
        c.first_name = world_.first_names[Mix(options_.seed, 2, p) % world_.first_names.size()];
        c.last_name = world_.last_names[Mix(options_.seed, 3, p) % world_.last_names.size()];
        const std::uint64_t traits = Mix(options_.seed, 4, p);
        if (traits % 100 < 35) {
            c.tckn = core::GenerateTcKimlikNo(Mix(options_.seed, 5, p));
        }
        if ((traits / 100) % 100 < 12) {
            c.email = core::FoldTurkish(c.first_name) + "." + core::FoldTurkish(c.last_name) +
                      std::to_string(traits % 97) + "@example.com";
            std::replace(c.email.begin(), c.email.end(), ' ', '.');
        }
        if ((traits / 10000) % 100 < 25) {
            const auto& d = world_.districts[district];
            if (!d.neighbourhood_names.empty()) {
                c.address = d.neighbourhood_names[(traits / 1000000) % d.neighbourhood_names.size()] + ", ";
            }
            c.address +=
                d.streets[(traits / 100000000) % d.streets.size()] + " No: " + std::to_string(1 + (traits >> 40) % 120);
        }
        c.kvkk_consent = (traits >> 20) % 100 < 85;
        c.created_at = c.updated_at = core::FromUnix(at);
        item.new_citizen = true;
    }

    core::Event& NewEvent(DemoItem& item) {
        if (item.event_count == item.events.size()) {
            item.events.emplace_back();
        }
        core::Event& e = item.events[item.event_count++];
        e.actor_id.reset();
        e.from_status.reset();
        e.to_status.reset();
        e.is_public = false;
        e.text.clear();
        e.changes.clear();
        return e;
    }

    /// Takes a workflow action by the live rule (core::ApplyAction) and counts it in the rollups as the live
    /// path does. Returns false, and ends the request's history, when `at` is after the end of the demo.
    bool Act(DemoItem& item, Action action, std::int64_t at, std::optional<Id> actor, const Text* text = nullptr,
             std::optional<Id> assignee = std::nullopt) {
        if (item.stopped || at > end_) {
            item.stopped = true;
            return false;
        }
        core::ActionArgs args{.at = core::FromUnix(at), .actor_id = actor, .assignee = assignee};
        if (text != nullptr) {
            args.text = text->text;
        }
        auto step = core::ApplyAction(item.request, action, args, calendar_, sla_);
        if (!step.ok()) {
            throw std::logic_error("demo: illegal step " + step.error().detail);
        }
        CountChanged(*rollups_, item.request, step->request);
        item.request = std::move(step->request);
        NewEvent(item) = std::move(step->event);
        if (text != nullptr) {
            item.fts_notes += ' ';
            item.fts_notes += text->folded;
        }
        return true;
    }

    /// A lognormal multiple of `window` (median e^mu); about 80% fall under 1 when mu = -0.67, sigma = 0.8.
    std::int64_t Duration(double window, double mu, double sigma, std::int64_t lo, std::int64_t hi) {
        double d = window * std::exp(mu + sigma * rng_.Normal());
        return std::clamp(static_cast<std::int64_t>(d), lo, hi);
    }
    std::int64_t Within(std::int64_t from, std::int64_t to, double lo, double hi) {
        return from + static_cast<std::int64_t>(static_cast<double>(to - from) * rng_.Uniform(lo, hi));
    }

    /// The request's life after routing: accepted, maybe assigned, started, maybe held, resolved with an answer,
    /// closed; a few rejected, a few reopened and resolved again. Steps after `end` do not happen (yet).
    void Lifecycle(DemoItem& item) {
        const UnitInfo& unit = world_.units[static_cast<std::size_t>(item.unit)];
        const CategoryInfo& category = world_.categories[static_cast<std::size_t>(item.category)];
        const core::Request& r = item.request;
        const std::int64_t created = core::ToUnix(r.created_at);
        const std::int64_t window =
            std::clamp<std::int64_t>(core::ToUnix(r.due_at) - created, 15 * kMinute, 200 * kDay);
        // Who acts, as the live permissions allow (MayAct): the unit's people when it has any, else the call
        // centre's supervisors; closing and reopening is for supervisors and managers, not unit staff.
        std::optional<Id> supervisor;
        if (!world_.supervisors.empty()) {
            supervisor = rng_.PickFrom(world_.supervisors);
        }
        std::optional<Id> manager;
        if (!unit.managers.empty()) {
            manager = rng_.PickFrom(unit.managers);
        }
        std::optional<Id> staff = manager ? manager : supervisor;
        if (!unit.staff.empty()) {
            staff = rng_.PickFrom(unit.staff);
        }
        manager = manager ? manager : staff;
        const std::optional<Id> closer = supervisor ? supervisor : unit.managers.empty() ? std::nullopt : manager;

        if (rng_.Chance(0.03)) {
            const Text& reason = rng_.PickFrom(world_.reject_reasons);
            std::int64_t t = created + Duration(static_cast<double>(window), -2.0, 0.8, 5 * kMinute, 20 * kDay);
            if (rng_.Chance(0.5)) {
                Act(item, Action::kAccept, t, manager);
                t = Within(t, t + window, 0.05, 0.5);
                Act(item, Action::kReject, t, staff, &reason);
            } else {
                Act(item, Action::kReject, t, manager, &reason);
            }
            return;
        }
        const std::int64_t resolve_at =
            created + Duration(static_cast<double>(window), -0.67, 0.8, 10 * kMinute, 120 * kDay);
        std::int64_t t = Within(created, resolve_at, 0.02, 0.2);
        Act(item, Action::kAccept, t, manager);
        std::optional<Id> assignee;
        if (!unit.staff.empty() && rng_.Chance(0.6)) {
            // A manager assigns anyone of the unit; staff may only take a request themselves.
            assignee = unit.managers.empty() ? staff : rng_.PickFrom(unit.staff);
            t = Within(t, resolve_at, 0.01, 0.1);
            Act(item, Action::kAssign, t, unit.managers.empty() ? staff : manager, nullptr, assignee);
        }
        const std::optional<Id> worker = assignee ? assignee : staff;
        t = Within(t, resolve_at, 0.05, 0.35);
        Act(item, Action::kStart, t, worker);
        if (resolve_at - t > 4 * kHour && rng_.Chance(0.08)) {
            t = Within(t, resolve_at, 0.1, 0.4);
            Act(item, Action::kHold, t, worker, &rng_.PickFrom(world_.hold_reasons));
            t = Within(t, resolve_at, 0.3, 0.8);
            Act(item, Action::kResume, t, worker);
        }
        const auto& answers = world_.answers[category.top];
        Act(item, Action::kResolve, resolve_at, worker, &answers[rng_.Below(answers.size())]);
        const bool reopen = rng_.Chance(0.025);
        const bool close = rng_.Chance(0.93);
        const std::int64_t close_at = resolve_at + rng_.Between(kDay, 10 * kDay);
        if (!reopen) {
            if (close) {
                Act(item, Action::kClose, close_at, closer);
            }
            return;
        }
        const std::int64_t reopen_at = resolve_at + rng_.Between(2 * kHour, 4 * kDay);
        if (close && close_at < reopen_at) {
            Act(item, Action::kClose, close_at, closer);
        }
        if (!Act(item, Action::kReopen, reopen_at, closer, &rng_.PickFrom(world_.reopen_reasons))) {
            return;
        }
        const std::int64_t window2 =
            std::clamp<std::int64_t>(core::ToUnix(r.due_at) - reopen_at, 15 * kMinute, 200 * kDay);
        const std::int64_t resolve2 =
            reopen_at + Duration(static_cast<double>(window2), -1.2, 0.6, 10 * kMinute, 60 * kDay);
        t = Within(reopen_at, resolve2, 0.05, 0.2);
        Act(item, Action::kAccept, t, manager);
        t = Within(t, resolve2, 0.1, 0.4);
        Act(item, Action::kStart, t, worker);
        Act(item, Action::kResolve, resolve2, worker, &rng_.PickFrom(world_.reopen_answers));
        if (rng_.Chance(0.9)) {
            Act(item, Action::kClose, resolve2 + rng_.Between(kDay, 10 * kDay), closer);
        }
    }

    /// Information calls, transfers, dropped and abusive calls between the previous request and this one, so
    /// that all contacts come to `contacts_per_request` per request.
    void ExtraContacts(DemoItem& item, std::int64_t from, std::int64_t to) {
        double target = options_.contacts_per_request * static_cast<double>(planned_ + 1);
        double deficit = target - static_cast<double>(contacts_) - (item.has_contact ? 1 : 0);
        auto n = static_cast<std::int64_t>(std::floor(deficit + rng_.Uniform()));
        item.extra_count = 0;
        std::array<std::int64_t, 64> starts{};
        n = std::clamp<std::int64_t>(n, 0, static_cast<std::int64_t>(starts.size()));
        for (std::int64_t i = 0; i < n; ++i) {
            starts[static_cast<std::size_t>(i)] =
                from +
                static_cast<std::int64_t>(rng_.Below(static_cast<std::size_t>(std::max<std::int64_t>(1, to - from))));
        }
        std::sort(starts.begin(), starts.begin() + n);
        for (std::int64_t i = 0; i < n; ++i) {
            if (item.extra_count == item.extras.size()) {
                item.extras.emplace_back();
            }
            ExtraContact& x = item.extras[item.extra_count++];
            core::Contact& c = x.contact;
            c = core::Contact{};
            x.citizen_pool = -1;
            const double ch = rng_.Uniform();
            c.channel = ch < 0.88   ? core::Channel::kPhone
                        : ch < 0.93 ? core::Channel::kWalkIn
                        : ch < 0.97 ? core::Channel::kWhatsapp
                        : ch < 0.99 ? core::Channel::kEmail
                                    : core::Channel::kSms;
            const double who = rng_.Uniform();
            if (who < 0.55) {
                std::int64_t pool = PickPool();
                c.caller_phone = PoolPhone(pool);
                // Linked only when on record before this request (a citizen is recorded with their request).
                if (pool_home_[static_cast<std::size_t>(pool)] != 0 &&
                    !(item.new_citizen && pool == item.citizen_pool)) {
                    x.citizen_pool = pool;
                }
            } else if (who < 0.95) {
                c.caller_phone = Phone(rng_.Next());
            }
            if (!world_.agents.empty()) {
                c.agent_id = rng_.PickFrom(world_.agents);
            }
            const double outcome = rng_.Uniform();
            std::int64_t seconds = 0;
            if (outcome < 0.68) {
                c.outcome = core::ContactOutcome::kInformed;
                if (!world_.articles.empty() && rng_.Chance(0.8)) {
                    c.article_id = rng_.PickFrom(world_.articles);
                }
                seconds = rng_.Between(60, 420);
            } else if (outcome < 0.80) {
                c.outcome = core::ContactOutcome::kTransferred;
                c.note = rng_.PickFrom(world_.transfer_notes);
                seconds = rng_.Between(30, 180);
            } else if (outcome < 0.94) {
                c.outcome = core::ContactOutcome::kDropped;
                seconds = rng_.Between(3, 40);
            } else {
                c.outcome = core::ContactOutcome::kAbusive;
                c.note = world_.abusive_note;
                seconds = rng_.Between(10, 90);
            }
            c.started_at = core::FromUnix(starts[static_cast<std::size_t>(i)]);
            c.ended_at = core::FromUnix(std::min(starts[static_cast<std::size_t>(i)] + seconds, end_));
            CountContact(*rollups_, nullptr, c);
        }
        contacts_ += n + (item.has_contact ? 1 : 0);
    }

    void PlanOne(DemoItem& item) {
        const std::int64_t created = times_.Next(rng_);
        const int month = LocalMonth(created);
        item.event_count = 0;
        item.stopped = false;
        item.new_citizen = false;
        item.has_contact = false;
        item.fts_notes.clear();

        // Who: a pool citizen (repeat callers common), or nobody (anonymous).
        item.citizen_pool = rng_.Chance(0.10) ? -1 : PickPool();
        std::size_t district = world_.district_weights.Pick(rng_);
        if (item.citizen_pool >= 0) {
            auto& home = pool_home_[static_cast<std::size_t>(item.citizen_pool)];
            if (home == 0) {
                home = static_cast<std::uint8_t>(district + 1);
                MakeCitizen(item, item.citizen_pool, district, created);
            } else if (rng_.Chance(0.7)) {
                district = home - 1u;  // most people report things near home
            }
        }
        // What, and how it came in.
        const auto channel = static_cast<core::Channel>(world_.channels.Pick(rng_));
        const Route* route = nullptr;
        std::size_t category = 0;
        core::RequestType type = core::RequestType::kRequest;
        for (int attempt = 0; route == nullptr; ++attempt) {
            if (attempt == 100) {
                throw std::logic_error("demo: the catalog routes no category");
            }
            category = world_.category_by_month[static_cast<std::size_t>(month - 1)].Pick(rng_);
            type = static_cast<core::RequestType>(world_.categories[category].types.Pick(rng_));
            route = RouteFor(category, district, channel, type);
        }
        const CategoryInfo& info = world_.categories[category];
        const DistrictInfo& place = world_.districts[district];
        item.unit = route->unit;
        item.category = static_cast<int>(category);
        const UnitInfo& unit = world_.units[static_cast<std::size_t>(route->unit)];

        core::Request& r = item.request;
        r.id = 0;
        r.year = LocalYear(core::FromUnix(created));
        r.sequence = 0;
        r.type = type;
        r.channel = channel;
        r.category = info.category->code;
        r.unit = unit.unit->code;
        r.status = Status::kRouted;
        r.priority = route->priority;
        r.location.district = place.district->code;
        r.location.neighbourhood_id.reset();
        if (!place.neighbourhoods.empty()) {
            r.location.neighbourhood_id = rng_.PickFrom(place.neighbourhoods);
        }
        const std::string& street = rng_.PickFrom(place.streets);
        r.location.street = street;
        r.location.address_text.clear();
        const auto house = rng_.Between(1, 140);
        if (rng_.Chance(0.45)) {
            r.location.address_text = "No: " + std::to_string(house);
        }
        r.location.lat = std::round((place.district->lat + place.spread * rng_.Normal()) * 1e6) / 1e6;
        r.location.lon = std::round((place.district->lon + place.spread * 1.3 * rng_.Normal()) * 1e6) / 1e6;
        if (!info.texts.empty()) {
            r.description = rng_.PickFrom(info.texts).text;
        } else {
            r.description = info.category->name_tr + " - " + street;
        }
        if (rng_.Chance(0.25)) {
            r.description += " (" + street + " No: " + std::to_string(house) + ")";
        }
        r.citizen_id.reset();
        r.contact_id.reset();
        r.assignee_id.reset();
        r.created_by.reset();
        r.api_key_id.reset();
        r.routing_rule_id = route->rule_id;
        r.created_at = r.updated_at = core::FromUnix(created);
        r.due_at = core::DueTime(calendar_, sla_(r.category, r.unit), r.created_at);
        r.accepted_at.reset();
        r.hold_started_at.reset();
        r.resolved_at.reset();
        r.closed_at.reset();
        r.public_answer.clear();
        r.reject_reason.clear();
        r.version = 1;
        item.fts_body = core::FoldForIndex(r.description);
        item.fts_address = core::FoldForIndex(r.location.street + " " + r.location.address_text);

        // Calls and visits are taken by an agent, who records the contact and opens the request from it.
        if ((channel == core::Channel::kPhone || channel == core::Channel::kWalkIn) && !world_.agents.empty()) {
            r.created_by = rng_.PickFrom(world_.agents);
        }
        if (channel == core::Channel::kPhone || channel == core::Channel::kWalkIn) {
            item.has_contact = true;
            core::Contact& c = item.contact;
            c = core::Contact{};
            c.channel = channel;
            c.agent_id = r.created_by;
            if (item.citizen_pool >= 0) {
                c.caller_phone = PoolPhone(item.citizen_pool);
            } else if (channel == core::Channel::kPhone && rng_.Chance(0.7)) {
                c.caller_phone = Phone(rng_.Next());
            }
            c.started_at = core::FromUnix(created - rng_.Between(90, 400));
            c.ended_at = r.created_at;
            c.outcome = core::ContactOutcome::kRequestOpened;
            CountContact(*rollups_, nullptr, c);
        }
        ExtraContacts(item, previous_, created);
        previous_ = created;

        core::Event& made = NewEvent(item);
        made.at = r.created_at;
        made.actor_id = r.created_by;
        made.kind = "created";
        made.to_status = Status::kNew;
        made.is_public = true;
        made.text = world_.created_texts[static_cast<std::size_t>(channel)];
        core::Event& routed = NewEvent(item);
        routed.at = r.created_at;
        routed.kind = "routed";
        routed.from_status = Status::kNew;
        routed.to_status = Status::kRouted;
        routed.is_public = true;
        routed.text = route->reason;
        routed.changes.push_back({"unit", "", r.unit});
        if (route->rule_id) {
            routed.changes.push_back({"routing_rule_id", "", std::to_string(*route->rule_id)});
        }
        CountCreated(*rollups_, r);
        Lifecycle(item);
        ++planned_;
    }

    const World& world_;
    const core::SlaCalendar& calendar_;
    const DemoOptions& options_;
    std::int64_t end_;
    Rng rng_;
    CreationTimes times_;
    std::int64_t pool_size_;
    std::vector<std::uint8_t> pool_home_;  ///< home district + 1 of each pool citizen; 0 = not on record yet
    std::int64_t previous_;
    std::int64_t planned_ = 0;
    std::int64_t contacts_ = 0;
    std::vector<int> route_cache_;  ///< -1 not routed yet, -2 no route, else an index into routes_
    std::deque<Route> routes_;      // stable addresses
    core::SlaTermsOf sla_;
    RollupBatch* rollups_ = nullptr;  ///< the batch being filled
};

Planner::Planner(const World& world, const core::SlaCalendar& calendar, const DemoOptions& options, std::int64_t start,
                 std::int64_t end)
    : impl_(std::make_unique<Impl>(world, calendar, options, start, end)) {}
Planner::~Planner() = default;
std::int64_t Planner::PoolSize() const { return impl_->PoolSize(); }
void Planner::Fill(DemoBatch& batch, std::size_t count) { impl_->Fill(batch, count); }

}  // namespace alo153::app::demo
