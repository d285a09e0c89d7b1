// The rt connector's settings: declared once in rt_spec() (config validation, docs,
// example.yaml) and read into RtOptions for the source, the sink, init and doctor.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/keys.h"
#include "http/client.h"
#include "model/result.h"

namespace dp::rt {

struct RtOptions {
  std::string name = "rt";  // instance name: prefix of canonical ids ("rt:123")
  std::string url;          // RT's base URL, without /REST/2.0
  std::string token;        // RT auth token, or
  std::string user;         // basic auth user + password
  std::string password;
  std::vector<std::string> queues;  // queues to sync and to apply fields to ("" = all)
  std::string reports_queue = "KPI Reports";
  std::string own_user;  // deskpulse's RT user: its field writes are not ticket activity
  std::string csat_field, nps_field, topic_field, channel_field;
  double csat_min = 1, csat_max = 5;
  std::vector<std::string> ticket_fields;  // ticket custom fields the sink writes
  std::vector<std::string> user_fields;    // user custom fields for agents' rolling scores
  // What each field deskpulse writes holds ("first response time, business hours"),
  // for the field's description in RT; fields not named get a generic one.
  std::map<std::string, std::string> field_descriptions;
  int page_size = 100;          // REST2 caps pages at 100
  std::string site_config_dir;  // set on the RT host: init runs rt-setup-database
  http::Options http;
};

config::ConnectorSpec rt_spec();

// From a validated block; an Error when neither a token nor user + password is given.
Result<RtOptions> rt_options_from(const config::Block& block);

// The user whose writes are deskpulse's own: own_user, else the basic-auth user.
std::string own_user(const RtOptions& o);

}  // namespace dp::rt
