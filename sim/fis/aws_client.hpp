// Signed requests to AWS's JSON APIs over libcurl, which signs them (CURLOPT_AWS_SIGV4). Debian bookworm's curl 7.88
// signs query parameters in the order they are written (curl issue 9717) and path escapes once where AWS expects
// them twice: so the query string is built here, sorted by key and RFC 3986-encoded, and paths with characters that
// need escaping are refused. Every call has timeouts; throttling, 5xx answers and failed connections are retried
// with jittered exponential backoff, other 4xx answers never. Nothing logged carries a secret. Credentials that can
// be renewed (an assumed role's) are renewed before a request when they expire within 5 minutes (or within half the
// session they were issued for, when it was shorter than 10 minutes), and once when AWS answers that they expired:
// a run outlasting its role session can still stop what it started.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/fis/credentials.hpp"

namespace drsim::fis {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string error_type; //!< AWS's error code (x-amzn-ErrorType, else the body's "__type" or "code"); may be empty
};

// An answer other than 2xx after the retries, or a request that never got one.
class AwsError : public std::runtime_error {
public:
  AwsError(const std::string& message, long status, std::string error_type);
  long status() const { return status_; }
  const std::string& error_type() const { return error_type_; }

private:
  long status_;
  std::string error_type_;
};

// One try of a request as a journal records it: what was asked and answered, never a header (the signature and
// the session token travel in headers).
struct RequestAttempt {
  std::string method;
  std::string service;
  std::string region;
  std::string target; //!< the path and its query
  std::string body;   //!< the request's JSON body; empty: none
  int attempt = 1;    //!< 1 for the first try
  long status = 0;    //!< 0: no answer
  std::string error_type;
  std::string transport_error; //!< why there was no answer
  double seconds = 0;          //!< how long the try took
};

// One request as curl signs it: AWS Signature Version 4 for `service` in `region`, over the Host and X-Amz-Date
// headers given here when they are (a fixed date, so that a signature can be checked against AWS's documented
// examples), else over the URL's host and the current time. The session token of the credentials is added and signed.
struct SignedRequest {
  std::string method;
  std::string url; //!< with its query string, already canonical (canonical_query)
  std::string service;
  std::string region;
  std::vector<std::string> headers; //!< "Name: value"
  std::string body;
};

struct ClientOptions {
  std::string endpoint_url; //!< e.g. http://127.0.0.1:4566 for an emulator; empty: https://SERVICE.REGION.amazonaws.com
  long connect_timeout_ms = 10000;
  long request_timeout_ms = 60000;
  int attempts = 5;             //!< tries per call, the first included
  double first_backoff_s = 0.5; //!< the longest wait before the first retry; doubles with each retry
  double longest_backoff_s = 20;
  std::function<void(double seconds)> sleep;                                //!< default: sleeps
  std::function<void(const std::string&)> log;                              //!< one line per attempt; default: none
  std::function<void(const RequestAttempt&)> on_attempt;                    //!< called after every try; default: none
  std::function<void(const Credentials&, const std::string& why)> on_renew; //!< after a renewal; default: none
};

class AwsClient {
public:
  AwsClient(Credentials credentials, ClientOptions options);
  ~AwsClient();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  // `method` `path` of `service` in `region` with the query parameters and a JSON body (empty: none). Returns the 2xx
  // response; throws AwsError otherwise, and std::invalid_argument for a path that would need escaping.
  HttpResponse call(const std::string& method, const std::string& service, const std::string& region,
                    const std::string& path, const std::map<std::string, std::string>& query = {},
                    const std::string& body = {});

private:
  // The credentials to sign the next request with, renewed first when `expired` or about to expire.
  Credentials signing_credentials(bool expired);

  Credentials credentials_;
  ClientOptions options_;
  std::optional<double> renew_at_epoch_s_; //!< when the credentials are to be renewed; nullopt: never
  std::mutex credentials_mutex_;           //!< the run and the detectors' watch share a client
};

// When credentials issued at `now_epoch_s` are to be renewed: 5 minutes before they expire, or halfway through a
// session shorter than 10 minutes; nullopt when they do not expire or cannot be renewed.
std::optional<double> renewal_time(const Credentials& credentials, double now_epoch_s);

// Whether an AWS error code says that the credentials' session expired.
bool expired_token(const std::string& error_type);

// One try of a signed request with the options' timeouts; `transport_error` says why there was no answer (status 0).
HttpResponse exchange(const SignedRequest& request, const Credentials& credentials, const ClientOptions& options,
                      std::string& transport_error);

// Initialises libcurl once per process, before any thread uses it (curl_global_init is not thread-safe).
void curl_init_once();

// RFC 3986 percent-encoding: every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex).
std::string uri_encode(const std::string& text);
// The query string, sorted by key, keys and values RFC 3986-encoded: what AWS's canonical request uses.
std::string canonical_query(const std::map<std::string, std::string>& query);
// Whether an answer is worth another try: throttling, a server error, or no answer at all (status 0).
bool retryable(long status, const std::string& error_type);

} // namespace drsim::fis
