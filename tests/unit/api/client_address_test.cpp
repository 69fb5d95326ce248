// Which client a request is counted for (the portal's rate limit) behind trusted reverse proxies.
#include <gtest/gtest.h>

#include "api/handler_support.hpp"

namespace alo153::api {
namespace {

http::Request From(const std::string& peer, const std::string& forwarded_for = {}) {
    http::Request req;
    req.remote_address = peer;
    if (!forwarded_for.empty()) {
        req.headers.emplace_back("x-forwarded-for", forwarded_for);
    }
    return req;
}

TEST(ClientAddress, WithoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays) {
    EXPECT_EQ(ClientAddress({}, From("203.0.113.9")), "203.0.113.9");
    EXPECT_EQ(ClientAddress({}, From("203.0.113.9", "198.51.100.1")), "203.0.113.9");
    // A client cannot pass itself off as another by writing the header: it is not a trusted proxy.
    EXPECT_EQ(ClientAddress({"127.0.0.1"}, From("203.0.113.9", "198.51.100.1")), "203.0.113.9");
}

TEST(ClientAddress, BehindATrustedProxyTheAddressItForwardedForCounts) {
    const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.5"};
    EXPECT_EQ(ClientAddress(proxies, From("127.0.0.1", "198.51.100.1")), "198.51.100.1");
    // Read from the right: what the client wrote itself (the leftmost) is not believed past an untrusted hop.
    EXPECT_EQ(ClientAddress(proxies, From("127.0.0.1", "6.6.6.6, 198.51.100.1")), "198.51.100.1");
    // Two proxies of ours in a row.
    EXPECT_EQ(ClientAddress(proxies, From("127.0.0.1", "198.51.100.1, 10.0.0.5")), "198.51.100.1");
    // No header, or only proxies in it: the peer.
    EXPECT_EQ(ClientAddress(proxies, From("127.0.0.1")), "127.0.0.1");
    EXPECT_EQ(ClientAddress(proxies, From("127.0.0.1", " 10.0.0.5 ,")), "127.0.0.1");
}

}  // namespace
}  // namespace alo153::api
