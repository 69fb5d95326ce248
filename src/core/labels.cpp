#include "core/labels.hpp"

#include <array>

namespace alo153::core {
namespace {

constexpr std::array<std::string_view, 8> kStatusLabels = {
    "Yeni", "Birime yönlendirildi", "İşlemde", "Beklemede", "Çözüldü", "Kapandı", "Reddedildi", "Yeniden açıldı"};
constexpr std::array<std::string_view, 6> kTypeLabels = {"Talep", "Şikayet",      "Öneri",
                                                         "İhbar", "Bilgi edinme", "Teşekkür"};
constexpr std::array<std::string_view, 10> kChannelLabels = {
    "Telefon", "Masa (yüz yüze)", "Web",          "Mobil uygulama", "E-posta",
    "SMS",     "WhatsApp",        "Sosyal medya", "CİMER",          "Open311"};
constexpr std::array<std::string_view, 5> kOutcomeLabels = {"Başvuru açıldı", "Bilgi verildi", "Aktarıldı", "Düştü",
                                                            "Kötüye kullanım"};
constexpr std::array<std::string_view, 5> kRoleLabels = {"Çağrı merkezi personeli", "Vardiya amiri", "Birim personeli",
                                                         "Birim müdürü", "Yönetici"};
constexpr std::array<std::string_view, 11> kActionNouns = {
    "yönlendirme", "kabul",    "atama",        "işleme alma",         "bekletme", "devam ettirme", "çözme",
    "kapatma",     "reddetme", "yeniden açma", "yeniden yönlendirme",
};

template <std::size_t N, typename E>
std::string_view At(const std::array<std::string_view, N>& a, E v) {
    return a.at(static_cast<std::size_t>(v));
}

}  // namespace

std::string_view LabelTr(Status v) { return At(kStatusLabels, v); }
std::string_view LabelTr(RequestType v) { return At(kTypeLabels, v); }
std::string_view LabelTr(Channel v) { return At(kChannelLabels, v); }
std::string_view LabelTr(ContactOutcome v) { return At(kOutcomeLabels, v); }
std::string_view LabelTr(Role v) { return At(kRoleLabels, v); }
std::string_view ActionNounTr(Action action) { return At(kActionNouns, action); }

}  // namespace alo153::core
