// TLS through the libcurl transport against an HTTPS server on 127.0.0.1 with a
// certificate made for the test: verification is on by default, `verify_tls: false`
// turns it off, and `ca_file` lets a private CA's certificate be trusted.
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "http/client.h"
#include "support/fake_clock.h"

namespace dp::http {
namespace {

using namespace std::chrono_literals;

// A self-signed certificate for IP 127.0.0.1, valid for an hour.
struct TestCert {
  TestCert() {
    key = EVP_RSA_gen(2048);
    cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, nullptr, nid, value);
      X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
  }
  ~TestCert() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  void write_pem(const std::string& path) const {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    PEM_write_X509(f, cert);
    std::fclose(f);
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
};

class HttpsServer {
 public:
  explicit HttpsServer(const TestCert& c) : server_(c.cert, c.key) {
    server_.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("secure", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(10ms);
  }
  ~HttpsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/ok"; }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

Result<Response> get(const Options& o, const std::string& url, size_t* requests) {
  test::FakeClock time;
  Client client(make_curl_transport(o), o, time.sleeper(), time.clock());
  auto r = client.send({"GET", url, {}, {}});
  *requests = client.requests_made();
  return r;
}

TEST(Tls, AnUntrustedCertificateFailsAtOnce) {
  TestCert cert;
  HttpsServer server(cert);
  Options o;
  o.timeout = 5s;
  size_t requests = 0;
  auto r = get(o, server.url(), &requests);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "tls");
  EXPECT_EQ(requests, 1u);  // not retried: asking again will not help
}

TEST(Tls, VerifyTlsFalseAcceptsIt) {
  TestCert cert;
  HttpsServer server(cert);
  Options o;
  o.timeout = 5s;
  o.verify_tls = false;
  size_t requests = 0;
  auto r = get(o, server.url(), &requests);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->body, "secure");
}

TEST(Tls, CaFileTrustsAPrivateCa) {
  TestCert cert;
  HttpsServer server(cert);
  auto dir = std::filesystem::temp_directory_path() /
             ("dp-tls-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  cert.write_pem((dir / "ca.pem").string());
  Options o;
  o.timeout = 5s;
  o.ca_file = (dir / "ca.pem").string();
  size_t requests = 0;
  auto r = get(o, server.url(), &requests);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->body, "secure");
}

}  // namespace
}  // namespace dp::http
