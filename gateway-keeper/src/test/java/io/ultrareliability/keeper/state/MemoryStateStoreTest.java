package io.ultrareliability.keeper.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.state.StateStore.Applied;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryStateStoreTest {
    private final MemoryStateStore store = new MemoryStateStore();

    private static JsonNode json(String text) {
        try {
            return Jsons.read(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private JsonNode guild(String id) {
        List<String> found = new ArrayList<>();
        store.forEachGuildCreate(found::add);
        for (String g : found) {
            JsonNode node = json(g);
            if (node.path("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no guild " + id + " in " + found);
    }

    @BeforeEach
    void readyWithOneGuild() {
        store.ready((ObjectNode) json("{'session_id':'up','user':{'id':'9','username':'bot'},"
                + "'guilds':[{'id':'1','unavailable':true},{'id':'2','unavailable':true}]}"));
        store.apply("GUILD_CREATE", json("{'id':'1','name':'g','member_count':1,'afk_timeout':300,"
                + "'channels':[{'id':'10','type':0,'name':'general'}],'roles':[{'id':'1','name':'@everyone'}],"
                + "'members':[{'user':{'id':'9','username':'bot'},'roles':[]}],'threads':[],'emojis':[]}"));
    }

    @Test
    void readyListsEveryGuildAndUnavailableOnesBecomeGuildDeletes() {
        assertThat(store.readyData().orElseThrow().path("guilds")).hasSize(2);
        List<String> types = new ArrayList<>();
        store.forEachGuild((type, data) -> types.add(type + " " + json(data).path("id").asText()));
        assertThat(types).containsExactly("GUILD_CREATE 1", "GUILD_DELETE 2");
        assertThat(store.guildCount()).isEqualTo(2);
    }

    @Test
    void aSynthesizedGuildCreateHasEveryArrayJdaNeeds() {
        JsonNode g = guild("1");
        for (String array : List.of("channels", "threads", "roles", "members", "emojis", "stickers", "voice_states",
                "presences", "stage_instances", "guild_scheduled_events")) {
            assertThat(g.path(array).isArray()).as(array).isTrue();
        }
        assertThat(g.path("afk_timeout").asInt()).isEqualTo(300);
        assertThat(g.path("name").asText()).isEqualTo("g");
    }

    @Test
    void channelsAndThreadsFollowTheirDispatches() {
        assertThat(store.apply("CHANNEL_CREATE", json("{'id':'11','guild_id':'1','type':0,'name':'new'}")))
                .isEqualTo(Applied.STATE);
        store.apply("CHANNEL_UPDATE", json("{'id':'10','guild_id':'1','type':0,'name':'renamed'}"));
        store.apply("THREAD_CREATE", json("{'id':'20','guild_id':'1','parent_id':'10','type':11,'name':'t'}"));
        JsonNode g = guild("1");
        assertThat(g.path("channels")).extracting(c -> c.path("name").asText()).containsExactly("renamed", "new");
        assertThat(g.path("channels").get(0).has("guild_id")).isFalse();
        assertThat(g.path("threads")).hasSize(1);
        store.apply("CHANNEL_DELETE", json("{'id':'11','guild_id':'1'}"));
        store.apply("THREAD_LIST_SYNC", json("{'guild_id':'1','channel_ids':['10'],'threads':[]}"));
        g = guild("1");
        assertThat(g.path("channels")).hasSize(1);
        assertThat(g.path("threads")).isEmpty();
    }

    @Test
    void membersRolesAndCountsFollowTheirDispatches() {
        store.apply("GUILD_MEMBER_ADD", json("{'guild_id':'1','user':{'id':'5','username':'u'},'roles':[]}"));
        store.apply("GUILD_MEMBER_UPDATE", json("{'guild_id':'1','user':{'id':'5','username':'u'},'nick':'nn'}"));
        store.apply("GUILD_ROLE_CREATE", json("{'guild_id':'1','role':{'id':'7','name':'mod'}}"));
        JsonNode g = guild("1");
        assertThat(g.path("member_count").asInt()).isEqualTo(2);
        assertThat(g.path("members").get(1).path("nick").asText()).isEqualTo("nn");
        assertThat(g.path("members").get(1).path("roles").isArray()).as("merged, not replaced").isTrue();
        assertThat(g.path("roles")).hasSize(2);
        store.apply("GUILD_MEMBER_REMOVE", json("{'guild_id':'1','user':{'id':'5'}}"));
        store.apply("GUILD_ROLE_DELETE", json("{'guild_id':'1','role_id':'7'}"));
        g = guild("1");
        assertThat(g.path("member_count").asInt()).isEqualTo(1);
        assertThat(g.path("members")).hasSize(1);
        assertThat(g.path("roles")).hasSize(1);
    }

    @Test
    void emojisStickersVoicePresenceStageAndEvents() {
        store.apply("GUILD_EMOJIS_UPDATE", json("{'guild_id':'1','emojis':[{'id':'30','name':'e'}]}"));
        store.apply("GUILD_STICKERS_UPDATE", json("{'guild_id':'1','stickers':[{'id':'31','name':'s'}]}"));
        store.apply("VOICE_STATE_UPDATE", json("{'guild_id':'1','user_id':'5','channel_id':'10'}"));
        store.apply("PRESENCE_UPDATE", json("{'guild_id':'1','user':{'id':'5'},'status':'online'}"));
        store.apply("STAGE_INSTANCE_CREATE", json("{'guild_id':'1','id':'40','topic':'x'}"));
        store.apply("GUILD_SCHEDULED_EVENT_CREATE", json("{'guild_id':'1','id':'41','name':'ev'}"));
        JsonNode g = guild("1");
        assertThat(g.path("emojis")).hasSize(1);
        assertThat(g.path("stickers")).hasSize(1);
        assertThat(g.path("voice_states")).hasSize(1);
        assertThat(g.path("presences").get(0).path("status").asText()).isEqualTo("online");
        assertThat(g.path("stage_instances")).hasSize(1);
        assertThat(g.path("guild_scheduled_events")).hasSize(1);
        store.apply("VOICE_STATE_UPDATE", json("{'guild_id':'1','user_id':'5','channel_id':null}"));
        store.apply("STAGE_INSTANCE_DELETE", json("{'guild_id':'1','id':'40'}"));
        store.apply("GUILD_SCHEDULED_EVENT_DELETE", json("{'guild_id':'1','id':'41'}"));
        g = guild("1");
        assertThat(g.path("voice_states")).isEmpty();
        assertThat(g.path("stage_instances")).isEmpty();
        assertThat(g.path("guild_scheduled_events")).isEmpty();
    }

    @Test
    void guildUpdateChangesScalarsOnly() {
        store.apply("GUILD_UPDATE", json("{'id':'1','name':'renamed','channels':[]}"));
        JsonNode g = guild("1");
        assertThat(g.path("name").asText()).isEqualTo("renamed");
        assertThat(g.path("channels")).hasSize(1);
    }

    @Test
    void guildDeleteUnavailableKeepsTheGuildListedAndLeavingDropsIt() {
        store.apply("GUILD_DELETE", json("{'id':'1','unavailable':true}"));
        assertThat(store.guildCount()).isEqualTo(2);
        store.apply("GUILD_DELETE", json("{'id':'1'}"));
        assertThat(store.guildCount()).isEqualTo(1);
        assertThat(store.readyData().orElseThrow().path("guilds")).hasSize(1);
    }

    @Test
    void eventsAndUnknownTypesAreToldApartAndNeverThrow() {
        assertThat(store.apply("MESSAGE_CREATE", json("{'id':'1','channel_id':'10','guild_id':'1'}")))
                .isEqualTo(Applied.EVENT);
        assertThat(store.apply("SOMETHING_NEW_2027", json("{'weird':[1,2,3]}"))).isEqualTo(Applied.UNKNOWN);
        assertThat(store.apply("CHANNEL_CREATE", json("{'no_id':true}"))).isEqualTo(Applied.STATE);
        assertThat(store.apply("GUILD_MEMBER_ADD", json("{'guild_id':'999','user':{'id':'1'}}")))
                .as("a guild the keeper does not hold").isEqualTo(Applied.STATE);
        assertThat(store.apply("CHANNEL_CREATE", json("[1]"))).isEqualTo(Applied.STATE);
    }

    @Test
    void aNewUpstreamReadyForgetsTheOldGuilds() {
        store.ready((ObjectNode) json("{'session_id':'up2','user':{'id':'9'},'guilds':[{'id':'3'}]}"));
        List<String> types = new ArrayList<>();
        store.forEachGuild((type, data) -> types.add(type + " " + json(data).path("id").asText()));
        assertThat(types).containsExactly("GUILD_DELETE 3");
    }

    @Test
    void sizeIsAccounted() {
        long before = store.approximateBytes();
        store.apply("GUILD_MEMBER_ADD", json("{'guild_id':'1','user':{'id':'5','username':'u'},'roles':[]}"));
        assertThat(store.approximateBytes()).isGreaterThan(before + EntityTable.ENTRY_OVERHEAD);
    }
}
