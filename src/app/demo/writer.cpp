#include "app/demo/writer.hpp"

#include <string>
#include <unordered_map>
#include <vector>

#include "core/tracking_number.hpp"

namespace alo153::app::demo {

class Writer::Impl {
  public:
    Impl(std::int64_t pool_size, Id next_request_id)
        : pool_ids_(static_cast<std::size_t>(pool_size), 0), next_request_id_(next_request_id) {}

    void Write(storage::Tx& tx, DemoBatch& batch) {
        for (std::size_t i = 0; i < batch.count; ++i) {
            WriteOne(tx, batch.items[i]);
        }
        batch.rollups.FlushTo(tx);
        // Search rows last: FTS5 flushes its pending terms to disk at every statement savepoint (which each
        // upsert above opens), so interleaving them costs a tiny segment and a merge per request.
        for (std::size_t i = 0; i < batch.count; ++i) {
            const DemoItem& item = batch.items[i];
            tx.IndexRequestText(item.request.id, item.fts_body, item.fts_address, item.fts_notes);
        }
    }

    DemoReport& report() { return report_; }

  private:
    void WriteOne(storage::Tx& tx, DemoItem& item) {
        core::Request& r = item.request;
        if (item.new_citizen) {
            pool_ids_[static_cast<std::size_t>(item.citizen_pool)] = tx.InsertCitizen(item.citizen);
            ++report_.citizens;
        }
        if (item.citizen_pool >= 0) {
            r.citizen_id = pool_ids_[static_cast<std::size_t>(item.citizen_pool)];
        }
        for (std::size_t i = 0; i < item.extra_count; ++i) {
            ExtraContact& x = item.extras[i];
            if (x.citizen_pool >= 0) {
                Id id = pool_ids_[static_cast<std::size_t>(x.citizen_pool)];
                if (id != 0) {
                    x.contact.citizen_id = id;
                }
            }
            tx.InsertContact(x.contact);
            ++report_.contacts;
        }
        if (item.has_contact) {
            item.contact.citizen_id = r.citizen_id;
            item.contact.request_id = next_request_id_;  // ids are assigned in order; checked below
            r.contact_id = tx.InsertContact(item.contact);
            ++report_.contacts;
        }
        auto& sequence_name = sequence_names_[r.year];
        if (sequence_name.empty()) {
            sequence_name = "tracking-" + std::to_string(r.year);
        }
        r.sequence = tx.NextSequence(sequence_name);
        r.tracking_number = core::FormatTrackingNumber({r.year, r.sequence});
        r.id = tx.InsertRequest(r);
        if (item.has_contact && r.id != next_request_id_) {
            item.contact.id = *r.contact_id;
            item.contact.request_id = r.id;
            tx.UpdateContact(item.contact);
        }
        next_request_id_ = r.id + 1;
        for (std::size_t i = 0; i < item.event_count; ++i) {
            item.events[i].request_id = r.id;
            tx.InsertEvent(item.events[i]);
        }
        report_.events += static_cast<std::int64_t>(item.event_count);

        ++report_.requests;
    }

    std::vector<Id> pool_ids_;  ///< citizen id of each pool citizen on record, else 0
    Id next_request_id_;
    std::unordered_map<int, std::string> sequence_names_;
    DemoReport report_;
};

Writer::Writer(std::int64_t pool_size, Id next_request_id)
    : impl_(std::make_unique<Impl>(pool_size, next_request_id)) {}
Writer::~Writer() = default;
void Writer::Write(storage::Tx& tx, DemoBatch& batch) { impl_->Write(tx, batch); }
DemoReport& Writer::report() { return impl_->report(); }

}  // namespace alo153::app::demo
