#include "sim/fis/aws_client.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <thread>

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/version.hpp"
#include "sim/fis/xml_text.hpp"

namespace drsim::fis {
namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

std::size_t read_error_header(char* data, std::size_t size, std::size_t count, void* target) {
  const std::string line(data, size * count);
  const std::string name = "x-amzn-errortype:";
  std::string lower = line.substr(0, std::min(line.size(), name.size()));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == name) {
    auto value = line.substr(name.size());
    value = value.substr(0, value.find_first_of(":\r\n")); // "ThrottlingException:http://internal.amazon.com/..."
    value.erase(0, value.find_first_not_of(' '));
    *static_cast<std::string*>(target) = value;
  }
  return size * count;
}

// An error code from a JSON error body ({"__type": "...#ThrottlingException"} or {"code": "..."}) or from the XML
// one of the Query and REST-XML APIs (<ErrorResponse><Error><Code>Throttling</Code>...).
std::string error_type_of(const std::string& body) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (document.is_discarded())
    return xml_text(body, "Code").value_or("");
  if (!document.is_object())
    return "";
  for (const char* key : {"__type", "code", "Code"})
    if (document.contains(key) && document[key].is_string()) {
      const auto text = document[key].get<std::string>();
      return text.substr(text.find('#') == std::string::npos ? 0 : text.find('#') + 1);
    }
  return "";
}

struct CurlHandle {
  CURL* handle = curl_easy_init();
  curl_slist* headers = nullptr;
  ~CurlHandle() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(handle);
  }
};

} // namespace

void curl_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

AwsError::AwsError(const std::string& message, long status, std::string error_type)
    : std::runtime_error(message), status_(status), error_type_(std::move(error_type)) {}

std::string uri_encode(const std::string& text) {
  std::string encoded;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      encoded += static_cast<char>(c);
    else
      encoded += fmt::format("%{:02X}", c);
  }
  return encoded;
}

std::string canonical_query(const std::map<std::string, std::string>& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, value] : query)
    pairs.emplace_back(uri_encode(key), uri_encode(value));
  std::sort(pairs.begin(), pairs.end());
  std::string text;
  for (const auto& [key, value] : pairs)
    text += (text.empty() ? "" : "&") + key + "=" + value;
  return text;
}

bool retryable(long status, const std::string& error_type) {
  static const std::vector<std::string> throttling{"ThrottlingException", "Throttling", "TooManyRequestsException",
                                                   "RequestLimitExceeded", "SlowDown"};
  return status == 0 || status == 429 || status >= 500 ||
         std::find(throttling.begin(), throttling.end(), error_type) != throttling.end();
}

namespace {

double now_epoch_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// STS's shortest role session is 15 minutes: only a shorter one (a test's) is renewed halfway instead.
constexpr double renew_before_expiry_s = 300;

} // namespace

std::optional<double> renewal_time(const Credentials& credentials, double now_epoch_s) {
  if (!credentials.expires_epoch_s || !credentials.renew)
    return std::nullopt;
  const double lifetime_s = *credentials.expires_epoch_s - now_epoch_s;
  return *credentials.expires_epoch_s - std::min(renew_before_expiry_s, lifetime_s / 2);
}

bool expired_token(const std::string& error_type) {
  return error_type == "ExpiredToken" || error_type == "ExpiredTokenException";
}

AwsClient::AwsClient(Credentials credentials, ClientOptions options)
    : credentials_(std::move(credentials)), options_(std::move(options)),
      renew_at_epoch_s_(renewal_time(credentials_, now_epoch_s())) {
  curl_init_once();
  if (!options_.sleep)
    options_.sleep = [](double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); };
}

Credentials AwsClient::signing_credentials(bool expired) {
  const std::lock_guard lock(credentials_mutex_);
  const double now = now_epoch_s();
  if (credentials_.renew && (expired || (renew_at_epoch_s_ && now >= *renew_at_epoch_s_))) {
    const auto renew = credentials_.renew;
    const auto region = credentials_.region;
    credentials_ = renew();
    credentials_.renew = renew;
    credentials_.region = region;
    renew_at_epoch_s_ = renewal_time(credentials_, now_epoch_s());
    if (options_.on_renew)
      options_.on_renew(credentials_, expired ? "AWS answered that the session expired" : "the session expires soon");
  }
  return credentials_;
}

AwsClient::~AwsClient() = default;

HttpResponse AwsClient::call(const std::string& method, const std::string& service, const std::string& region,
                             const std::string& path, const std::map<std::string, std::string>& query,
                             const std::string& body) {
  if (path.empty() || path[0] != '/' || !std::all_of(path.begin(), path.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
      }))
    throw std::invalid_argument("AWS request path '" + path + "' would need escaping, which curl 7.88 signs wrongly");
  // Route 53 is global: one endpoint, signed for us-east-1.
  const std::string base = !options_.endpoint_url.empty() ? options_.endpoint_url
                           : service == "route53"         ? "https://route53.amazonaws.com"
                                                          : "https://" + service + "." + region + ".amazonaws.com";
  const std::string query_text = canonical_query(query);
  SignedRequest request{
      method, base + path + (query_text.empty() ? "" : "?" + query_text), service, region, {"Accept: application/json"},
      body};
  if (!body.empty())
    request.headers.emplace_back("Content-Type: application/json");

  thread_local std::mt19937_64 jitter{std::random_device{}()};
  bool renewed_on_expiry = false;
  bool expired = false;
  for (int attempt_number = 1;; ++attempt_number) {
    std::string transport_error;
    const auto credentials = signing_credentials(expired);
    expired = false;
    const auto started = std::chrono::steady_clock::now();
    HttpResponse response = exchange(request, credentials, options_, transport_error);
    const bool ok = response.status >= 200 && response.status < 300;
    if (options_.on_attempt)
      options_.on_attempt({method, service, region, path + (query_text.empty() ? "" : "?" + query_text), body,
                           attempt_number, response.status, response.error_type, transport_error,
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()});
    if (options_.log)
      options_.log(fmt::format("{} {} {}: {}", method, region, path + (query_text.empty() ? "" : "?" + query_text),
                               transport_error.empty() ? fmt::format("{} {}", response.status, response.error_type)
                                                       : transport_error));
    if (ok)
      return response;
    if (expired_token(response.error_type) && credentials.renew && !renewed_on_expiry) {
      renewed_on_expiry = expired = true;
      continue;
    }
    if (!retryable(response.status, response.error_type) || attempt_number >= options_.attempts) {
      const std::string what =
          transport_error.empty()
              ? fmt::format("HTTP {}{}", response.status, response.error_type.empty() ? "" : " " + response.error_type)
              : transport_error;
      std::string message;
      if (const auto document = nlohmann::json::parse(response.body, nullptr, false); document.is_object()) {
        for (const char* key : {"message", "Message"})
          if (document.contains(key) && document[key].is_string())
            message = document[key].get<std::string>();
      } else if (document.is_discarded()) {
        message = xml_text(response.body, "Message").value_or("");
      }
      throw AwsError(fmt::format("{} {} in {}: {}{}{}{}", method, path, region, what, message.empty() ? "" : ": ",
                                 message, attempt_number > 1 ? fmt::format(" (after {} tries)", attempt_number) : ""),
                     response.status, response.error_type);
    }
    const double ceiling =
        std::min(options_.longest_backoff_s, options_.first_backoff_s * std::pow(2.0, attempt_number - 1));
    options_.sleep(std::uniform_real_distribution<double>(0, ceiling)(jitter));
  }
}

HttpResponse exchange(const SignedRequest& request, const Credentials& credentials, const ClientOptions& options,
                      std::string& transport_error) {
  curl_init_once();
  CurlHandle curl;
  HttpResponse response;
  if (curl.handle == nullptr) {
    transport_error = "curl_easy_init failed";
    return response;
  }
  for (const auto& header : request.headers)
    curl.headers = curl_slist_append(curl.headers, header.c_str());
  if (!credentials.session_token.empty())
    curl.headers = curl_slist_append(curl.headers, ("X-Amz-Security-Token: " + credentials.session_token).c_str());
  const std::string scope = "aws:amz:" + request.region + ":" + request.service;
  const std::string user_agent = std::string("drsim/") + version;
  curl_easy_setopt(curl.handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl.handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "POST" || request.method == "PUT" || !request.body.empty()) {
    curl_easy_setopt(curl.handle, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl.handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(curl.handle, CURLOPT_HTTPHEADER, curl.headers);
  curl_easy_setopt(curl.handle, CURLOPT_AWS_SIGV4, scope.c_str());
  curl_easy_setopt(curl.handle, CURLOPT_USERNAME, credentials.access_key_id.c_str());
  curl_easy_setopt(curl.handle, CURLOPT_PASSWORD, credentials.secret_access_key.c_str());
  curl_easy_setopt(curl.handle, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(curl.handle, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(curl.handle, CURLOPT_TIMEOUT_MS, options.request_timeout_ms);
  curl_easy_setopt(curl.handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl.handle, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl.handle, CURLOPT_HEADERFUNCTION, read_error_header);
  curl_easy_setopt(curl.handle, CURLOPT_HEADERDATA, &response.error_type);
  const CURLcode code = curl_easy_perform(curl.handle);
  if (code != CURLE_OK) {
    transport_error = std::string("no answer: ") + curl_easy_strerror(code);
    response = {};
    return response;
  }
  curl_easy_getinfo(curl.handle, CURLINFO_RESPONSE_CODE, &response.status);
  if (response.error_type.empty() && (response.status < 200 || response.status >= 300))
    response.error_type = error_type_of(response.body);
  return response;
}

} // namespace drsim::fis
